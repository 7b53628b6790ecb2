package io.ebb.llm;

import java.util.Locale;

/** How a capture ended; the {@code outcome} tag of the {@code ebb.llm.requests} counter. */
public enum CaptureOutcome {
  /** A valid answer. */
  OK,
  /** The model answered, but not with at least one valid interest in the expected schema. */
  MALFORMED,
  /** Our own rate limit, or the server's (HTTP 429). */
  RATE_LIMITED,
  /** No answer in time. */
  TIMEOUT,
  /** The server could not be reached or failed (connection refused, 5xx, bad key, unknown model...). */
  UNAVAILABLE,
  /** Too many captures already in flight: refused at once rather than queued. */
  REJECTED,
  /** The circuit breaker is open after repeated failures: refused at once. */
  CIRCUIT_OPEN;

  /** The metric tag value, e.g. {@code rate_limited}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
