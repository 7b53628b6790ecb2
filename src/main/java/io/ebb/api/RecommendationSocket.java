package io.ebb.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.cluster.InterestChanges;
import io.ebb.user.Recommendations;
import io.ebb.user.UserCommand.Recommend;
import io.ebb.user.UserInterest;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /ws/v1/users/{userId}/recommendations}: the user's list as soon as the socket opens (the body of the
 * GET), then a fresh list each time the user's interests change, from an event on any node or a tick of the
 * entity ({@link InterestChanges}). One list is computed at a time; changes that arrive meanwhile collapse into
 * one more list, so a slow client gets fewer, fresher lists rather than a backlog. A list that cannot be made
 * (the user's entity did not answer in time, as while its node fails over) is sent as the GET's error object, and
 * the socket stays open for the next change. What the client sends is read and ignored. Each list is made by the
 * user's entity on its own node ({@link Recommend}), so a change costs one short list across the cluster.
 */
final class RecommendationSocket {

  private final ObjectMapper json;
  private final ClusterSharding sharding;
  private final InterestChanges changes;
  private final ApiSettings settings;
  private final Clock clock;
  private final WebSocketStats stats;
  private final Materializer materializer;
  private final ApiMetrics metrics;

  RecommendationSocket(
      ObjectMapper json,
      ClusterSharding sharding,
      InterestChanges changes,
      ApiSettings settings,
      Clock clock,
      WebSocketStats stats,
      Materializer materializer,
      ApiMetrics metrics) {
    this.json = json;
    this.sharding = sharding;
    this.changes = changes;
    this.settings = settings;
    this.clock = clock;
    this.stats = stats;
    this.materializer = materializer;
    this.metrics = metrics;
  }

  Flow<Message, Message, NotUsed> flow(String userId, RecommendQuery query) {
    Source<Message, NotUsed> lists =
        changes
            .changes(userId)
            .prepend(Source.single(Done.getInstance()))
            .mapAsync(1, signal -> recommend(userId, query))
            .map(list -> (Message) TextMessage.create(write(list)))
            .watchTermination(
                (mat, done) -> {
                  stats.socketOpened();
                  done.whenComplete((d, failure) -> stats.socketClosed());
                  return mat;
                });
    Sink<Message, NotUsed> ignoreClient =
        Flow.<Message>create().mapAsync(1, this::drain).to(Sink.ignore());
    return Flow.fromSinkAndSourceCoupled(ignoreClient, lists);
  }

  /** The list, or the error object a GET would answer with. */
  private CompletionStage<Object> recommend(String userId, RecommendQuery query) {
    long start = System.nanoTime();
    return sharding
        .entityRefFor(UserInterest.ENTITY_KEY, userId)
        .<Recommendations>askWithStatus(
            replyTo -> new Recommend(query.at(clock.instant()), replyTo), settings.askTimeout())
        .<Object>thenApply(
            list -> {
              stats.listSent();
              metrics.recommendation(ApiMetrics.Channel.WS, System.nanoTime() - start);
              return list;
            })
        .exceptionally(failure -> JsonSupport.apiException(failure).error());
  }

  private CompletionStage<Done> drain(Message message) {
    return message.isText()
        ? message.asTextMessage().getStreamedText().runWith(Sink.ignore(), materializer)
        : message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
  }

  private String write(Object listOrError) {
    try {
      return json.writeValueAsString(listOrError);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a recommendation list", e);
    }
  }
}
