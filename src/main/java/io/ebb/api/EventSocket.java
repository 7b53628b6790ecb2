package io.ebb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.user.UserCommand.RecordBehavior;
import io.ebb.user.UserCommand.Recorded;
import io.ebb.user.UserInterest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code GET /ws/v1/events}: the client sends one event JSON per text frame; each is answered, in the order sent,
 * with {@code {"eventId", "userId", "accepted": true, "duplicate"}} once the event is in the user's journal, or
 * with an error object {@code {"eventId", "accepted": false, "error", "message", "field"}} (the same errors as
 * {@code POST /v1/events}). A bad frame is answered and the socket stays open.
 *
 * <p>At most {@code ebb.http.ws-events-parallelism} events of a connection wait for their journal write at once
 * ({@code mapAsync}, which keeps the answers in order); while they do, the socket reads no further frame, so TCP
 * slows a fast client down instead of the server buffering its events.
 *
 * <p>An event whose entity does not answer in time is sent once more before it is answered as unavailable: while
 * a shard moves between nodes (a rebalance after a node joined, a node leaving) Pekko may drop a message buffered
 * for it, and a client of an ordered stream cannot easily re-send one event. Sending twice is safe: the entity
 * acknowledges an eventId it already has without applying it again (an event without eventId got one at parse).
 */
final class EventSocket {

  /** The answer to an event that is in the journal. */
  record Ack(String eventId, String userId, boolean accepted, boolean duplicate) {}

  /** The answer to a frame that was not accepted; {@code eventId} is null when the frame carried none. */
  record Rejected(
      String eventId,
      boolean accepted,
      String error,
      String message,
      @JsonInclude(JsonInclude.Include.NON_NULL) String field) {

    static Rejected of(String eventId, ApiException e) {
      return new Rejected(eventId, false, e.error().error(), e.error().message(), e.error().field());
    }
  }

  /** Tries per event: the second after a timeout, see the class comment. */
  static final int ATTEMPTS = 2;

  /** A frame read whole, or why it could not be. */
  private record Frame(String text, ApiException unreadable) {}

  private final ObjectMapper json;
  private final RequestJson requests;
  private final ClusterSharding sharding;
  private final ApiSettings settings;
  private final Clock clock;
  private final EventParser parser;
  private final WebSocketStats stats;
  private final Materializer materializer;

  EventSocket(
      ObjectMapper json,
      ClusterSharding sharding,
      ApiSettings settings,
      Clock clock,
      WebSocketStats stats,
      Materializer materializer) {
    this.json = json;
    this.requests = new RequestJson(json);
    this.sharding = sharding;
    this.settings = settings;
    this.clock = clock;
    this.parser = new EventParser(settings.maxFutureSkew());
    this.stats = stats;
    this.materializer = materializer;
  }

  /** One connection's flow: frames in, answers out. */
  Flow<Message, Message, NotUsed> flow() {
    return Flow.<Message>create()
        .mapAsync(1, this::read)
        .mapAsync(settings.wsEventsParallelism(), this::record)
        .map(answer -> (Message) TextMessage.create(write(answer)));
  }

  /** Collects a (possibly streamed) text frame, up to {@code ebb.http.max-body}; text past it is discarded. */
  private CompletionStage<Frame> read(Message message) {
    if (!message.isText()) {
      return message
          .asBinaryMessage()
          .getStreamedData()
          .runWith(Sink.ignore(), materializer)
          .thenApply(done -> new Frame(null, ApiException.invalid(null, "send each event as a text frame of JSON")));
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) {
      return CompletableFuture.completedFuture(checkSize(text.getStrictText()));
    }
    long max = settings.maxBody();
    return text.getStreamedText()
        .runFold(
            new StringBuilder(),
            (sb, part) -> sb.length() <= max ? sb.append(part) : sb,
            materializer)
        .thenApply(sb -> checkSize(sb.toString()));
  }

  /** The limit of a POST body, in UTF-8 bytes as there: the same event is accepted on either channel. */
  private Frame checkSize(String text) {
    return utf8Length(text, settings.maxBody()) > settings.maxBody()
        ? new Frame(null, ApiException.tooLarge("an event frame holds at most " + settings.maxBody() + " bytes"))
        : new Frame(text, null);
  }

  /** The UTF-8 length of {@code text}, counted only as far as {@code max} + 1 (a frame may be long). */
  static long utf8Length(String text, long max) {
    if (text.length() > max) {
      return text.length();
    }
    long bytes = 0;
    for (int i = 0; i < text.length() && bytes <= max; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Never fails: every problem becomes the frame's answer. */
  private CompletionStage<Object> record(Frame frame) {
    if (frame.unreadable() != null) {
      return rejected(null, frame.unreadable());
    }
    JsonNode node;
    try {
      node = requests.read(frame.text());
    } catch (ApiException e) {
      return rejected(null, e);
    }
    // Echoed only when it is an id: the answer must not carry a megabyte or half a surrogate pair back.
    JsonNode id = node.path("eventId");
    String eventId = id.isTextual() && Fields.isId(id.asText()) ? id.asText() : null;
    EventParser.Parsed parsed;
    try {
      parsed = parser.parse(node, "", clock.instant());
    } catch (ApiException e) {
      return rejected(eventId, e);
    }
    stats.eventSent();
    return persist(parsed, ATTEMPTS)
        .<Object>thenApply(
            r -> {
              stats.accepted();
              return new Ack(r.eventId(), parsed.userId(), true, r.duplicate());
            })
        .exceptionally(
            failure -> {
              stats.rejected();
              return Rejected.of(parsed.event().eventId(), JsonSupport.apiException(failure));
            })
        .whenComplete((answer, failure) -> stats.eventAnswered());
  }

  private CompletionStage<Recorded> persist(EventParser.Parsed parsed, int attempts) {
    CompletionStage<Recorded> recorded =
        sharding
            .entityRefFor(UserInterest.ENTITY_KEY, parsed.userId())
            .askWithStatus(replyTo -> new RecordBehavior(parsed.event(), replyTo), settings.askTimeout());
    if (attempts <= 1) {
      return recorded;
    }
    return recorded
        .handle(
            (r, failure) ->
                failure != null && unwrap(failure) instanceof TimeoutException
                    ? persist(parsed, attempts - 1)
                    : recorded)
        .thenCompose(next -> next);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private CompletionStage<Object> rejected(String eventId, ApiException e) {
    stats.rejected();
    return CompletableFuture.completedFuture(Rejected.of(eventId, e));
  }

  private String write(Object answer) {
    try {
      return json.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a WebSocket answer", e);
    }
  }
}
