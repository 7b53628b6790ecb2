package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.trajectory.Trajectories;
import io.ebb.trajectory.TrajectoryQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/users/{id}/interests/trajectory?from=&to=&points=&tags=}: the user's interests over time, replayed
 * from the journal under the active model (see {@link io.ebb.trajectory.TrajectoryFold}).
 */
final class TrajectoryRoutes extends JsonSupport {

  private final Trajectories trajectories;
  private final Duration timeout;

  /** {@code timeout}: how long reading one journal may take before the answer is a 503. */
  TrajectoryRoutes(ObjectMapper json, Trajectories trajectories, Duration timeout) {
    super(json);
    this.trajectories = trajectories;
    this.timeout = timeout;
  }

  Route route() {
    return pathPrefix(
        "users",
        () ->
            userSegment(
                userId ->
                    path(
                        PathMatchers.segment("interests").slash("trajectory"),
                        () -> get(() -> parameterMap(query -> trajectory(userId, query))))));
  }

  private Route trajectory(String userId, Map<String, String> query) {
    TrajectoryQuery request;
    try {
      request = new TrajectoryQuery(
          instant(query, "from"),
          instant(query, "to"),
          integer(query, "points", TrajectoryQuery.DEFAULT_POINTS),
          integer(query, "tags", TrajectoryQuery.DEFAULT_TAGS));
    } catch (TrajectoryQuery.OutOfRange e) {
      return complete(error(ApiException.invalid(e.field(), e.getMessage())));
    }
    CompletionStage<HttpResponse> answer = trajectories.of(userId, request)
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(t -> respond(StatusCodes.OK, TrajectoryResponse.of(userId, t.orElseThrow(
            () -> ApiException.notFound("no events are known for user " + userId)))))
        .exceptionally(failure -> (failure.getCause() != null ? failure.getCause() : failure)
                instanceof TrajectoryQuery.OutOfRange e
            ? error(ApiException.invalid(e.field(), e.getMessage()))
            : failureResponse(failure));
    return completeWithFuture(answer);
  }

  private static Optional<Instant> instant(Map<String, String> query, String name) {
    String text = query.get(name);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.strip()));
    } catch (DateTimeParseException e) {
      throw new TrajectoryQuery.OutOfRange(
          name, name + " must be an ISO-8601 instant such as 2026-11-27T10:15:30Z, was " + quoted(text));
    }
  }

  private static int integer(Map<String, String> query, String name, int orElse) {
    String text = query.get(name);
    if (text == null) {
      return orElse;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new TrajectoryQuery.OutOfRange(name, name + " must be an integer, was " + quoted(text));
    }
  }

  private static String quoted(String text) {
    return "\"" + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "\"";
  }
}
