package io.ebb.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API counts for {@code GET /metrics}: events accepted, repeated and rejected per channel, and how long
 * recommendations take. WebSocket ingestion keeps its own counters ({@link WebSocketStats}); they are read into the
 * same meters at scrape time.
 *
 * <p>Rejections are counted from the response status of the event endpoints, so every way a request can fail
 * (validation, a too-large body, a journal timeout) is counted once, where it is answered.
 */
public final class ApiMetrics {

  /** No meters: for tests and tools that build routes without a registry. */
  public static final ApiMetrics NONE = new ApiMetrics(new CompositeMeterRegistry());

  /** Where events come in. */
  enum Channel {
    HTTP,
    BATCH,
    WS;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Map<Channel, Counter> accepted = new ConcurrentHashMap<>();
  private final Map<Channel, Counter> duplicates = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<Channel, Timer> recommendations = new ConcurrentHashMap<>();

  public ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void accepted(Channel channel, int events, int repeated) {
    if (events > 0) {
      accepted.computeIfAbsent(channel, c -> counter("ebb.events.accepted", "Events written to a journal", c)).increment(events);
    }
    if (repeated > 0) {
      duplicates
          .computeIfAbsent(channel, c -> counter("ebb.events.duplicates", "Events acknowledged again, not applied twice", c))
          .increment(repeated);
    }
  }

  /** Counts a rejected request of an event endpoint by its HTTP status (400 invalid, 413, 503 journal, …). */
  void rejected(Channel channel, int status) {
    rejected
        .computeIfAbsent(
            channel.tag() + status,
            key ->
                Counter.builder("ebb.events.rejected")
                    .description("Event requests answered with an error, by channel and HTTP status")
                    .tag("channel", channel.tag())
                    .tag("status", Integer.toString(status))
                    .register(registry))
        .increment();
  }

  void recommendation(Channel channel, long nanos) {
    recommendations
        .computeIfAbsent(
            channel,
            c ->
                Timer.builder("ebb.recommendations")
                    .description("Time to answer a recommendation request, entity ask included")
                    .tag("channel", c.tag())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Reads this node's WebSocket counters at scrape time. */
  void bind(WebSocketStats stats) {
    FunctionCounter.builder("ebb.events.accepted", stats, WebSocketStats::eventsAccepted)
        .description("Events written to a journal")
        .tag("channel", Channel.WS.tag())
        .register(registry);
    FunctionCounter.builder("ebb.events.rejected", stats, WebSocketStats::eventsRejected)
        .description("Event requests answered with an error, by channel and HTTP status")
        .tag("channel", Channel.WS.tag())
        .tag("status", "any")
        .register(registry);
    Gauge.builder("ebb.websocket.events.in.flight", stats, WebSocketStats::eventsInFlight)
        .description("Events of ingestion sockets waiting for their journal write")
        .register(registry);
    Gauge.builder("ebb.websocket.recommendation.sockets", stats, WebSocketStats::recommendationSockets)
        .description("Open live recommendation sockets")
        .register(registry);
  }

  private Counter counter(String name, String description, Channel channel) {
    return Counter.builder(name).description(description).tag("channel", channel.tag()).register(registry);
  }
}
