package io.ebb.llm;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs capture failures at most once per interval and outcome, with how many of that outcome were not logged
 * since: a server that is down for an hour gives a line a minute, not a line per user.
 */
final class FailureLog {

  private record Slot(long loggedAt, long suppressed) {}

  private final Logger log;
  private final long intervalNanos;
  private final Ticker ticker;
  private final Map<CaptureOutcome, Slot> slots = new EnumMap<>(CaptureOutcome.class);

  FailureLog(Logger log, Duration interval, Ticker ticker) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.ticker = ticker;
  }

  /** Logs the failure unless one of its outcome was logged less than an interval ago; true if it logged. */
  boolean failed(CaptureOutcome outcome, Throwable error) {
    long suppressed;
    synchronized (this) {
      long now = ticker.nanoTime();
      Slot slot = slots.get(outcome);
      if (slot != null && now - slot.loggedAt() < intervalNanos) {
        slots.put(outcome, new Slot(slot.loggedAt(), slot.suppressed() + 1));
        return false;
      }
      suppressed = slot == null ? 0 : slot.suppressed();
      slots.put(outcome, new Slot(now, 0));
    }
    String reason = error == null ? "" : Text.clean(String.valueOf(error.getMessage()), 300);
    if (suppressed > 0) {
      log.warn("LLM interest capture failed ({}): {} ({} more {} since the last report)", outcome.tag(), reason,
          suppressed, outcome.tag());
    } else {
      log.warn("LLM interest capture failed ({}): {}", outcome.tag(), reason);
    }
    return true;
  }
}
