package io.ebb.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line about once a second while a benchmark runs: elapsed time, the count so far, the rate over the
 * last second, and whatever else the benchmark adds ({@code [ingest] 12 s  45,210 events  3,812/s  …}). Lines,
 * not a redrawn bar, so a log of the run keeps the rate's history: that is how a stall shows.
 */
final class ProgressTicker {

  private final String label;
  private final String unit;
  private final LongSupplier count;
  private final Supplier<String> extra;
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private long lastCount;
  private long lastNanos = startNanos;

  ProgressTicker(String label, String unit, LongSupplier count, Supplier<String> extra, PrintWriter out) {
    this.label = label;
    this.unit = unit;
    this.count = count;
    this.extra = extra;
    this.out = out;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void tick() {
    try {
      long now = System.nanoTime();
      long n = count.getAsLong();
      double rate = (n - lastCount) / Math.max(1e-9, (now - lastNanos) / 1e9);
      lastCount = n;
      lastNanos = now;
      String more = extra.get();
      out.printf(
          Locale.ROOT, "[%s] %5.0f s  %,12d %s  %,9.0f %s/s%s%n",
          label, (now - startNanos) / 1e9, n, unit, rate, unit, more.isEmpty() ? "" : "  " + more);
      out.flush();
    } catch (RuntimeException e) {
      out.println("[" + label + "] progress: " + e);
    }
  }

  void stop() {
    timer.shutdownNow();
  }
}
