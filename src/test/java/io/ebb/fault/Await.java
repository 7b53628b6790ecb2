package io.ebb.fault;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline, timed from an instant of the fault (a {@link System#nanoTime} reading). */
final class Await {

  private Await() {}

  static Duration awaitTrue(Duration timeout, String what, BooleanSupplier condition, long since)
      throws InterruptedException {
    return awaitTrue(timeout, () -> what, condition, since);
  }

  /**
   * Polls every 100 ms until {@code since + timeout}; returns the time from {@code since} to when the condition
   * held. {@code what} is asked for only when it did not.
   */
  static Duration awaitTrue(Duration timeout, Supplier<String> what, BooleanSupplier condition, long since)
      throws InterruptedException {
    long deadline = since + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited %s for %s".formatted(timeout, what.get()));
      }
      Thread.sleep(100);
    }
    return since(since);
  }

  static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}
