package io.ebb.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs recommendation queries against a target from {@code threads} threads, first for a warm-up whose figures
 * are dropped, then for the measured time.
 *
 * <p><b>Saturation</b> ({@code rate} 0): each thread sends its next query as soon as the last one is answered, so
 * the figures are the most the target answers with that many callers, and latency is each call's own.
 *
 * <p><b>Fixed rate</b>: query {@code i} is <em>meant</em> to start at {@code start + i / rate}. A thread takes the
 * next {@code i}, waits for that instant and sends it; when every thread is busy the query starts late, and its
 * latency is still counted from the intended instant. A stalled target so shows the wait every queued query
 * really had, instead of fewer, later queries (coordinated omission). All queries meant for the measured time are
 * sent; the run ends when they are answered.
 */
final class QueryLoad {

  /** One query; {@code sequence} numbers them (e.g. to pick the user). Throws on a failed query. */
  @FunctionalInterface
  interface Target {
    void query(long sequence) throws Exception;
  }

  /**
   * @param late queries that started more than a millisecond after their intended instant (fixed rate only)
   */
  record Result(long answered, long errors, long late, double seconds, Histogram latencies) {
    double perSecond() {
      return answered / seconds;
    }
  }

  private final Target target;
  private final int threads;
  private final double rate;

  /** {@code rate} 0 means saturation. */
  QueryLoad(Target target, int threads, double rate) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    this.target = target;
    this.threads = threads;
    this.rate = rate;
  }

  Result run(Duration warmup, Duration measured) throws InterruptedException {
    AtomicLong sequence = new AtomicLong();
    if (!warmup.isZero()) {
      phase(warmup, sequence);
    }
    return phase(measured, sequence);
  }

  private Result phase(Duration length, AtomicLong sequence) throws InterruptedException {
    Latencies latencies = new Latencies();
    LongAdder answered = new LongAdder();
    LongAdder errors = new LongAdder();
    LongAdder late = new LongAdder();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    AtomicLong slot = new AtomicLong();
    double period = rate > 0 ? 1e9 / rate : 0;
    Runnable worker = () -> {
      while (true) {
        long intended;
        if (rate > 0) {
          intended = start + (long) (slot.getAndIncrement() * period);
          if (intended >= end) {
            return;
          }
          parkUntil(intended);
          if (System.nanoTime() - intended > 1_000_000) {
            late.increment();
          }
        } else {
          intended = System.nanoTime();
          if (intended >= end) {
            return;
          }
        }
        try {
          target.query(sequence.getAndIncrement());
          latencies.recordSince(intended);
          answered.increment();
        } catch (Exception e) {
          errors.increment();
        }
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-query");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        running.add(pool.submit(worker));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a query thread failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    double seconds = Math.max(length.toNanos(), System.nanoTime() - start) / 1e9;
    return new Result(answered.sum(), errors.sum(), late.sum(), seconds, latencies.snapshot());
  }

  private static void parkUntil(long deadline) {
    for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }
}
