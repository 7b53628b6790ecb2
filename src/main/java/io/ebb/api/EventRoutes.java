package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.user.UserCommand.BatchRecorded;
import io.ebb.user.UserCommand.RecordBatch;
import io.ebb.user.UserCommand.RecordBehavior;
import io.ebb.user.UserCommand.Recorded;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserInterest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code POST /v1/events} and {@code POST /v1/events/batch}: acknowledged only once in the user's journal. */
final class EventRoutes extends JsonSupport {

  record Accepted(String eventId, String userId, boolean accepted, boolean duplicate) {}

  record BatchAccepted(int accepted, int duplicates) {}

  private final ClusterSharding sharding;
  private final ApiSettings settings;
  private final Clock clock;
  private final EventParser parser;
  private final ApiMetrics metrics;

  EventRoutes(
      ObjectMapper json,
      ClusterSharding sharding,
      ApiSettings settings,
      Clock clock,
      ApiMetrics metrics) {
    super(json);
    this.metrics = metrics;
    this.sharding = sharding;
    this.settings = settings;
    this.clock = clock;
    this.parser = new EventParser(settings.maxFutureSkew());
  }

  Route route() {
    return pathPrefix(
        "events",
        () ->
            concat(
                pathEnd(() -> post(() -> jsonBody(settings.maxBody(), body -> record(parser.parse(body, "", clock.instant()))))),
                path("batch", () -> post(() -> jsonBody(settings.maxBulkBody(), this::recordBatch)))));
  }

  private Route record(EventParser.Parsed parsed) {
    BehaviorRecorded event = parsed.event();
    CompletionStage<Recorded> recorded =
        sharding
            .entityRefFor(UserInterest.ENTITY_KEY, parsed.userId())
            .askWithStatus(replyTo -> new RecordBehavior(event, replyTo), settings.askTimeout());
    return completeAsync(
        recorded.thenApply(
            r -> {
              metrics.accepted(ApiMetrics.Channel.HTTP, r.duplicate() ? 0 : 1, r.duplicate() ? 1 : 0);
              return respond(StatusCodes.ACCEPTED, new Accepted(r.eventId(), parsed.userId(), true, r.duplicate()));
            }));
  }

  private Route recordBatch(com.fasterxml.jackson.databind.JsonNode body) {
    List<EventParser.Parsed> parsed = parser.parseBatch(body, settings.maxBatchEvents(), clock.instant());
    Map<String, List<BehaviorRecorded>> byUser = new LinkedHashMap<>();
    for (EventParser.Parsed p : parsed) {
      byUser.computeIfAbsent(p.userId(), u -> new ArrayList<>()).add(p.event());
    }
    List<CompletableFuture<BatchRecorded>> writes = new ArrayList<>(byUser.size());
    byUser.forEach(
        (userId, events) ->
            writes.add(
                sharding
                    .entityRefFor(UserInterest.ENTITY_KEY, userId)
                    .<BatchRecorded>askWithStatus(replyTo -> new RecordBatch(events, replyTo), settings.askTimeout())
                    .toCompletableFuture()));
    CompletionStage<BatchAccepted> all =
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
            .thenApply(
                done -> {
                  int accepted = 0;
                  int duplicates = 0;
                  for (CompletableFuture<BatchRecorded> w : writes) {
                    accepted += w.join().accepted();
                    duplicates += w.join().duplicates();
                  }
                  metrics.accepted(ApiMetrics.Channel.BATCH, accepted, duplicates);
                  return new BatchAccepted(accepted, duplicates);
                });
    return completeAsync(all.thenApply(r -> respond(StatusCodes.ACCEPTED, r)));
  }
}
