package io.ebb.fault;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Clients that ingest events over real HTTP as a careful producer does: every event has its own {@code eventId},
 * and an event not acknowledged (503, a refused connection, a timeout) is sent again, the same, until it is. So the
 * events the service knows are exactly those sent, and each user's {@code eventCount} must equal the number of its
 * distinct events, whatever failed in between.
 *
 * <p>Against several nodes, a client starts on one of them and sends an event that was not acknowledged to the
 * next node, as a producer behind a load balancer would.
 *
 * <p>Each client has users of its own, one request in flight at a time, and moves to new users every
 * {@link #EVENTS_PER_USER} events, so that no user passes the entity's dedup window (1,000 event ids), which is
 * what makes a re-sent event answer {@code duplicate}.
 */
final class EventLoad implements AutoCloseable {

  static final int EVENTS_PER_USER = 400;
  private static final int USERS_PER_CLIENT = 4;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** A write answered otherwise than 202: when it was sent, how long the answer took, what it was. */
  record Failure(long sentNanos, long latencyNanos, int status, String body) {
    Duration latency() {
      return Duration.ofNanos(latencyNanos);
    }
  }

  private final List<String> bases;
  private final String run;
  private final List<Client> clients = new ArrayList<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong lastAcknowledgedNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean stopping;
  private volatile long giveUpNanos = Long.MAX_VALUE;

  EventLoad(String base, String run, int clientCount) {
    this(List.of(base), run, clientCount);
  }

  /** Clients spread over the nodes at {@code bases}, each retrying an unacknowledged event on the next one. */
  EventLoad(List<String> bases, String run, int clientCount) {
    this.bases = List.copyOf(bases);
    this.run = run;
    for (int i = 0; i < clientCount; i++) {
      clients.add(new Client(i));
    }
  }

  void start() {
    clients.forEach(client -> client.thread.start());
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Whether an event was acknowledged after {@code nanos} (a {@link System#nanoTime} reading). */
  boolean acknowledgedSince(long nanos) {
    return lastAcknowledgedNanos.get() - nanos > 0;
  }

  /** Answers other than 202 to writes sent at or after {@code nanos}. */
  List<Failure> failuresSince(long nanos) {
    return failures.stream().filter(f -> f.sentNanos() - nanos >= 0).toList();
  }

  /** Returns once the clients have had {@code events} more events acknowledged; fails after 3 minutes. */
  void awaitAcknowledged(long events) throws InterruptedException {
    long target = acknowledged() + events;
    Await.awaitTrue(Duration.ofMinutes(3), () -> events + " events acknowledged; " + describeFailuresSince(0),
        () -> acknowledged() >= target, System.nanoTime());
  }

  /** Whether every client has had an event acknowledged after {@code nanos}: all of their users are served. */
  boolean everyClientAcknowledgedSince(long nanos) {
    return clients.stream().allMatch(c -> c.lastAckNanos - nanos > 0);
  }

  /** The failures since {@code nanos} and what each client thread is doing, for a fault that did not heal. */
  String describeFailuresSince(long nanos) {
    List<Failure> since = failuresSince(nanos);
    String threads = clients.stream()
        .map(c -> c.thread.getName() + " " + c.thread.getState() + Arrays.stream(c.thread.getStackTrace()).limit(8)
            .map(frame -> "\n    at " + frame).collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
    return "%d writes failed since, the last: %s;%nclients:%n%s".formatted(since.size(),
        since.subList(Math.max(0, since.size() - 3), since.size()), threads);
  }

  /** Answers that were neither 202 nor 503 nor a connection failure (status -1): none is allowed. */
  List<Failure> unexpected() {
    return failures.stream().filter(f -> f.status() != 503 && f.status() != -1).toList();
  }

  /**
   * Stops sending new events; each client still delivers the one it holds, for at most {@code timeout}.
   *
   * @return the events that were never acknowledged (an empty list unless the service stayed down)
   */
  List<String> stop(Duration timeout) throws InterruptedException {
    giveUpNanos = System.nanoTime() + timeout.toNanos();
    stopping = true;
    List<String> unresolved = new ArrayList<>();
    for (Client client : clients) {
      client.thread.join(timeout.plus(REQUEST_TIMEOUT).toMillis());
      unresolved.addAll(client.unresolved);
    }
    return unresolved;
  }

  /** The acknowledged events, by user; read after {@link #stop}. */
  Map<String, Set<String>> acknowledgedByUser() {
    Map<String, Set<String>> all = new LinkedHashMap<>();
    clients.forEach(client -> all.putAll(client.acknowledged));
    return all;
  }

  /** When an event was acknowledged and whether as a duplicate, for the diagnosis of a failed check. */
  String acknowledgement(String eventId) {
    return clients.stream().map(client -> client.answers.get(eventId)).filter(a -> a != null).findFirst()
        .orElse("never acknowledged");
  }

  /** Stops the clients at once, without delivering what they hold. */
  @Override
  public void close() {
    giveUpNanos = System.nanoTime();
    stopping = true;
    clients.forEach(client -> client.thread.interrupt());
    try {
      for (Client client : clients) {
        client.thread.join(REQUEST_TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String eventJson(String eventId, String userId) {
    return "{\"eventId\":\"%s\",\"userId\":\"%s\",\"itemId\":\"m-%d\",\"type\":\"view\"}"
        .formatted(eventId, userId, Math.floorMod(eventId.hashCode(), 50));
  }

  private final class Client implements Runnable {

    private final int index;
    private final Thread thread;
    private final LoopbackHttp http = new LoopbackHttp();
    /** Only this client's thread writes these; they are read after it ended. */
    private final Map<String, Set<String>> acknowledged = new LinkedHashMap<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> unresolved = new ArrayList<>();
    private int node;
    private volatile long lastAckNanos = System.nanoTime();

    Client(int index) {
      this.index = index;
      this.node = index % bases.size();
      this.thread = new Thread(this, "event-load-" + index);
    }

    @Override
    public void run() {
      for (long k = 0; !stopping; k++) {
        long generation = k / ((long) USERS_PER_CLIENT * EVENTS_PER_USER);
        String userId = "u-%s-%d-%d-%d".formatted(run, index, generation, k % USERS_PER_CLIENT);
        deliver(userId, "e-%s-%d-%d".formatted(run, index, k));
      }
    }

    private void deliver(String userId, String eventId) {
      for (int attempt = 1; ; attempt++) {
        var request = HttpRequest.newBuilder(URI.create(bases.get(node) + "/v1/events"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(eventJson(eventId, userId)))
            .build();
        if (System.nanoTime() - giveUpNanos > 0) {
          unresolved.add(eventId);
          return;
        }
        long sent = System.nanoTime();
        LoopbackHttp.Answer answer = http.send(request);
        int status = answer.status();
        String body = answer.body();
        if (Thread.currentThread().isInterrupted()) {
          unresolved.add(eventId);
          return;
        }
        long now = System.nanoTime();
        if (status == 202) {
          acknowledged.computeIfAbsent(userId, u -> new LinkedHashSet<>()).add(eventId);
          answers.put(eventId, "%s as %s on attempt %d".formatted(Instant.now(),
              body.contains("\"duplicate\":true") ? "a duplicate" : "new", attempt));
          EventLoad.this.acknowledged.incrementAndGet();
          lastAcknowledgedNanos.accumulateAndGet(now, (a, b) -> b - a > 0 ? b : a);
          lastAckNanos = now;
          return;
        }
        failures.add(new Failure(sent, now - sent, status, body));
        node = (node + 1) % bases.size();
        try {
          Thread.sleep(status == 503 ? 100 : 250); // a producer's retry pause, not a wait for a condition
        } catch (InterruptedException e) {
          unresolved.add(eventId);
          return;
        }
      }
    }
  }
}
