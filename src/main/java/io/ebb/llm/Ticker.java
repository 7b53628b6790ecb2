package io.ebb.llm;

import io.github.bucket4j.TimeMeter;

/**
 * A monotonic time source in nanoseconds, so that tests can move time for the rate limit, the circuit breaker and
 * the failure log instead of waiting. It is also the rate limit's clock ({@link TimeMeter}).
 */
@FunctionalInterface
public interface Ticker extends TimeMeter {

  long nanoTime();

  @Override
  default long currentTimeNanos() {
    return nanoTime();
  }

  @Override
  default boolean isWallClockBased() {
    return false;
  }

  static Ticker system() {
    return System::nanoTime;
  }
}
