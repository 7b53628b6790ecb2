package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An item write that times out is written again; one that fails otherwise is not. */
class ItemWriteRetryTest {

  private final AtomicInteger calls = new AtomicInteger();

  /** A write that times out {@code timeouts} times, then succeeds. */
  private Supplier<CompletionStage<Void>> timingOut(int timeouts) {
    return () -> calls.incrementAndGet() <= timeouts
        ? CompletableFuture.failedFuture(new DriverTimeoutException("Query timed out after PT2S"))
        : CompletableFuture.completedFuture(null);
  }

  @Test
  void aWriteThatTimesOutIsWrittenAgainUntilItIsAcknowledged() throws Exception {
    ItemStore.withRetries(timingOut(2), ItemStore.WRITE_ATTEMPTS).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(calls).hasValue(3);
  }

  @Test
  void itGivesUpAfterItsAttemptsWithTheTimeout() {
    var result = ItemStore.withRetries(timingOut(100), ItemStore.WRITE_ATTEMPTS).toCompletableFuture();
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(DriverTimeoutException.class);
    assertThat(calls).hasValue(ItemStore.WRITE_ATTEMPTS);
  }

  @Test
  void aWriteThatFailsOtherwiseIsNotRetried() {
    Supplier<CompletionStage<Void>> invalid = () -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(new InvalidQueryException(null, "unknown column"));
    };
    var result = ItemStore.withRetries(invalid, ItemStore.WRITE_ATTEMPTS).toCompletableFuture();
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidQueryException.class);
    assertThat(calls).hasValue(1);
  }
}
