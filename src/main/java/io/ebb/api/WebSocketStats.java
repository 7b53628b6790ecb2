package io.ebb.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/** Counters of the WebSocket endpoints of one node, for operators and tests (the in-flight bound holds). */
public final class WebSocketStats implements Extension {

  private static final ExtensionId<WebSocketStats> ID =
      new ExtensionId<>() {
        @Override
        public WebSocketStats createExtension(ActorSystem<?> system) {
          return new WebSocketStats();
        }
      };

  private final AtomicInteger eventsInFlight = new AtomicInteger();
  private final AtomicInteger maxEventsInFlight = new AtomicInteger();
  private final AtomicLong eventsAccepted = new AtomicLong();
  private final AtomicLong eventsRejected = new AtomicLong();
  private final AtomicInteger recommendationSockets = new AtomicInteger();
  private final AtomicLong listsSent = new AtomicLong();

  public static WebSocketStats get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** Events of all ingestion sockets sent to their entities and not yet answered. */
  public int eventsInFlight() {
    return eventsInFlight.get();
  }

  /** The most events of one node's ingestion sockets that were ever waiting for their journal write at once. */
  public int maxEventsInFlight() {
    return maxEventsInFlight.get();
  }

  public long eventsAccepted() {
    return eventsAccepted.get();
  }

  public long eventsRejected() {
    return eventsRejected.get();
  }

  public int recommendationSockets() {
    return recommendationSockets.get();
  }

  public long listsSent() {
    return listsSent.get();
  }

  void eventSent() {
    maxEventsInFlight.accumulateAndGet(eventsInFlight.incrementAndGet(), Math::max);
  }

  void eventAnswered() {
    eventsInFlight.decrementAndGet();
  }

  void accepted() {
    eventsAccepted.incrementAndGet();
  }

  void rejected() {
    eventsRejected.incrementAndGet();
  }

  void socketOpened() {
    recommendationSockets.incrementAndGet();
  }

  void socketClosed() {
    recommendationSockets.decrementAndGet();
  }

  void listSent() {
    listsSent.incrementAndGet();
  }
}
