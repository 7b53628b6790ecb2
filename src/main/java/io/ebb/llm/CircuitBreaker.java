package io.ebb.llm;

import java.time.Duration;

/**
 * Stops calling a server that keeps failing: after {@code threshold} consecutive failures the breaker opens and
 * refuses every call for {@code openFor}; then it lets exactly one probe through (half-open), whose success closes
 * it and whose failure opens it for another {@code openFor}.
 *
 * <p>Calls are rare (one per user every so many events), so one lock is simpler than lock-free state and costs
 * nothing measurable.
 */
final class CircuitBreaker {

  enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final long openForNanos;
  private final Ticker ticker;
  private State state = State.CLOSED;
  private int failures;
  private long openedAt;
  private boolean probeInFlight;

  CircuitBreaker(int threshold, Duration openFor, Ticker ticker) {
    if (threshold <= 0) {
      throw new IllegalArgumentException("threshold must be positive");
    }
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
    this.ticker = ticker;
  }

  /**
   * Whether a call may go out now. In the half-open state only the first caller gets {@code true}: it is the probe,
   * and must report {@link #onSuccess}, {@link #onFailure} or {@link #onAbandoned}.
   */
  synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (ticker.nanoTime() - openedAt < openForNanos) {
          return false;
        }
        state = State.HALF_OPEN;
        probeInFlight = true;
        return true;
      default:
        if (probeInFlight) {
          return false;
        }
        probeInFlight = true;
        return true;
    }
  }

  synchronized void onSuccess() {
    state = State.CLOSED;
    failures = 0;
    probeInFlight = false;
  }

  synchronized void onFailure() {
    failures++;
    if (state == State.HALF_OPEN || failures >= threshold) {
      state = State.OPEN;
      openedAt = ticker.nanoTime();
      probeInFlight = false;
    }
  }

  /** A permitted call that never went out (refused by a later limit): the next caller may probe instead. */
  synchronized void onAbandoned() {
    probeInFlight = false;
  }

  synchronized State state() {
    return state;
  }
}
