package io.ebb.llm;

/**
 * A monotonic time source in nanoseconds, so that tests can move time for the rate limit, the circuit breaker and
 * the failure log instead of waiting.
 */
@FunctionalInterface
public interface Ticker {

  long nanoTime();

  static Ticker system() {
    return System::nanoTime;
  }
}
