package io.ebb.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs an asynchronous operation over a list with at most {@code maxInFlight} running at once: enough to
 * keep Cassandra busy, not so many that the driver's request queue overflows.
 *
 * <p>Launching is a drain loop guarded by a work-in-progress counter, so an operation that completes at
 * once does not recurse: its completion only asks the loop already running to go on.
 */
final class BoundedAsync<T, R> {

  private final List<T> inputs;
  private final int maxInFlight;
  private final Function<? super T, ? extends CompletionStage<R>> operation;
  private final AtomicReferenceArray<R> outputs;
  private final CompletableFuture<List<R>> result = new CompletableFuture<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private int next; // only read and written inside drain(), which runs in one thread at a time

  private BoundedAsync(
      List<T> inputs, int maxInFlight, Function<? super T, ? extends CompletionStage<R>> operation) {
    this.inputs = inputs;
    this.maxInFlight = maxInFlight;
    this.operation = operation;
    this.outputs = new AtomicReferenceArray<>(inputs.size());
  }

  /**
   * The results of {@code operation} on every input, in input order. Fails with the first failure; the
   * operations already started then still run to their end, the others are not started.
   */
  static <T, R> CompletableFuture<List<R>> map(
      List<T> inputs, int maxInFlight, Function<? super T, ? extends CompletionStage<R>> operation) {
    if (maxInFlight <= 0) {
      throw new IllegalArgumentException("maxInFlight must be positive, got " + maxInFlight);
    }
    BoundedAsync<T, R> run = new BoundedAsync<>(List.copyOf(inputs), maxInFlight, operation);
    if (run.inputs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    run.drain();
    return run.result;
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    do {
      while (!result.isDone() && next < inputs.size() && inFlight.get() < maxInFlight) {
        int index = next++;
        inFlight.incrementAndGet();
        CompletionStage<R> stage;
        try {
          stage = operation.apply(inputs.get(index));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
          break;
        }
        stage.whenComplete((value, error) -> onComplete(index, value, error));
      }
    } while (wip.decrementAndGet() != 0);
  }

  private void onComplete(int index, R value, Throwable error) {
    if (error != null) {
      result.completeExceptionally(error);
    } else {
      outputs.set(index, value);
    }
    inFlight.decrementAndGet();
    if (done.incrementAndGet() == inputs.size()) {
      List<R> list = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        list.add(outputs.get(i));
      }
      result.complete(list); // no-op if a failure came first
    }
    drain();
  }
}
