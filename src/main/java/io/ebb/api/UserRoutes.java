package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.user.RecommendRequest;
import io.ebb.user.Recommendations;
import io.ebb.user.UserCommand.Forget;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserCommand.Recommend;
import io.ebb.user.UserInterest;
import io.ebb.user.UserInterests;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * Per-user reads and deletion: recommendations, interests, forget. A list is made by the user's entity on its own
 * node ({@link Recommend}): this node sends the query and gets the short list back, not the user's consumed set.
 */
final class UserRoutes extends JsonSupport {

  private final ClusterSharding sharding;
  private final ApiSettings settings;
  private final Clock clock;
  private final QueryParams params;
  private final ApiMetrics metrics;

  UserRoutes(
      ObjectMapper json,
      ClusterSharding sharding,
      ApiSettings settings,
      Clock clock,
      QueryParams params,
      ApiMetrics metrics) {
    super(json);
    this.metrics = metrics;
    this.sharding = sharding;
    this.settings = settings;
    this.clock = clock;
    this.params = params;
  }

  Route route() {
    return pathPrefix(
        "users",
        () ->
            userSegment(
                userId ->
                    concat(
                        pathEnd(() -> delete(() -> forget(userId))),
                        path("recommendations", () -> get(() -> recommendations(userId))),
                        path("interests", () -> get(() -> interests(userId))))));
  }

  private CompletionStage<UserInterests> ask(String userId, Instant at, String tz) {
    return sharding
        .entityRefFor(UserInterest.ENTITY_KEY, userId)
        .<UserInterests>ask(replyTo -> new GetInterests(at, tz, replyTo), settings.askTimeout());
  }

  private Route recommendations(String userId) {
    return params.limit(
        limit ->
            parameterMap(
                query -> {
                  RecommendQuery request = RecommendQuery.of(limit, query);
                  Instant at = AsOf.of(query);
                  long start = System.nanoTime();
                  return completeAsync(
                      recommend(userId, request.at(clock.instant(), at))
                          .thenApply(
                              body -> {
                                metrics.recommendation(ApiMetrics.Channel.HTTP, System.nanoTime() - start);
                                return respond(StatusCodes.OK, body);
                              }));
                }));
  }

  private CompletionStage<Recommendations> recommend(String userId, RecommendRequest request) {
    return sharding
        .entityRefFor(UserInterest.ENTITY_KEY, userId)
        .<Recommendations>askWithStatus(replyTo -> new Recommend(request, replyTo), settings.askTimeout())
        .exceptionally(UserRoutes::asOfError);
  }

  /** The entity's one error reply to {@link Recommend}: an {@code at} before the user's last event. */
  private static Recommendations asOfError(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof StatusReply.ErrorMessage m) {
      throw ApiException.invalid("at", m.getMessage());
    }
    throw failure instanceof CompletionException c ? c : new CompletionException(failure);
  }

  private Route interests(String userId) {
    return parameterMap(query -> interests(userId, AsOf.of(query), QueryParams.zone(query)));
  }

  private Route interests(String userId, Instant at, String tz) {
    return completeAsync(
        ask(userId, at, tz)
            .thenApply(
                user -> {
                  if (!user.known()) {
                    throw ApiException.notFound("no events are known for user " + userId);
                  }
                  AsOf.requireNotBeforeLastEvent(at, user);
                  return respond(StatusCodes.OK, InterestsResponse.of(user, at));
                }));
  }

  private Route forget(String userId) {
    CompletionStage<HttpResponse> done =
        sharding
            .entityRefFor(UserInterest.ENTITY_KEY, userId)
            .ask(Forget::new, settings.askTimeout().multipliedBy(4))
            .thenApply(d -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
    return completeAsync(done);
  }
}
