package io.ebb.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an ingest run counts. The <em>measured window</em> starts after the warm-up and ends when sending stops:
 * its rate counts events acknowledged inside it, and its latencies are those of requests meant to start inside
 * it (from their intended start, so a stalled service shows as the queueing it caused). Events acknowledged
 * during the warm-up or the final drain still count in the total, which is what the journal must hold.
 */
final class IngestStats implements Answers {

  private final LongAdder acceptedTotal = new LongAdder();
  private final LongAdder acceptedInWindow = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder answeredEvents = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();
  private final LongAdder failedEvents = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Latencies latencies = new Latencies();
  private final Runnable onAnswer;
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private volatile boolean closed;

  /** {@code onAnswer} runs after each answer (it frees the request's place in flight). */
  IngestStats(Runnable onAnswer) {
    this.onAnswer = onAnswer;
  }

  void window(long startNanos, long endNanos) {
    this.windowStart = startNanos;
    this.windowEnd = endNanos;
  }

  @Override
  public void accepted(Pending request, int accepted, int duplicate) {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    acceptedTotal.add(accepted);
    duplicates.add(duplicate);
    answeredEvents.add(request.events());
    if (now >= windowStart && now < windowEnd) {
      acceptedInWindow.add(accepted);
    }
    if (inWindow(request.startNanos())) {
      latencies.recordNanos(now - request.startNanos());
    }
    onAnswer.run();
  }

  @Override
  public void failed(Pending request, String kind) {
    if (closed) {
      return;
    }
    error(kind, 1);
    failedEvents.add(request.events());
    answeredEvents.add(request.events());
    onAnswer.run();
  }

  /** Counts requests that failed or never went out for one reason. */
  void error(String kind, long requests) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).add(requests);
    failedRequests.add(requests);
  }

  /** Ignores answers from now on: requests still unanswered have been counted as such. */
  void close() {
    closed = true;
  }

  private boolean inWindow(long startNanos) {
    return startNanos >= windowStart && startNanos < windowEnd;
  }

  long acceptedTotal() {
    return acceptedTotal.sum();
  }

  long acceptedInWindow() {
    return acceptedInWindow.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  /** Events answered so far, accepted or not (for the progress line). */
  long answeredEvents() {
    return answeredEvents.sum();
  }

  long failedRequests() {
    return failedRequests.sum();
  }

  long failedEvents() {
    return failedEvents.sum();
  }

  /** Failed requests by kind, sorted by name. */
  Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((kind, n) -> out.put(kind, n.sum()));
    return out;
  }

  Latencies latencies() {
    return latencies;
  }
}
