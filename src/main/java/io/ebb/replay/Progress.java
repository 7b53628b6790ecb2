package io.ebb.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress of a long step on the console (import, reading the journal, a benchmark), from a daemon thread that looks
 * at the count every so often: elapsed time, the count (of the total, with percent and time left, when there is
 * one), the rate since the last look, and whatever else the caller adds.
 *
 * <p>On a terminal, a step with a total is one bar redrawn in place. Anywhere else (a CI log, a file) a redrawn
 * line would pile up as carriage returns on one line, so each look prints a full line: {@code [events] 12 s
 * 45,210/100,836 events (44.8%)  3,812 events/s  ~15 s left}. Lines also keep the history of the rate, which is how
 * a stall shows: a benchmark ({@link #sampling}) always prints lines, once a second.
 */
public final class Progress implements AutoCloseable {

  private static final Duration REDRAW = Duration.ofMillis(500);
  private static final Duration LOG_LINE = Duration.ofSeconds(5);
  private static final Duration BENCH_LINE = Duration.ofSeconds(1);
  private static final int BAR_WIDTH = 30;
  private static final long NO_TOTAL = -1;

  private final String label;
  private final String unit;
  private final long total;
  private final AtomicLong advanced = new AtomicLong();
  private final LongSupplier count;
  private final Supplier<String> extra;
  private final PrintWriter out;
  private final boolean redraw;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private long lastCount;
  private long lastNanos = startNanos;
  private boolean stopped;

  /** {@code total} {@code unit}s to go, counted by {@link #advance}, shown on stderr. */
  public Progress(String label, String unit, long total) {
    this(label, unit, total, null, () -> "", new PrintWriter(System.err, true), System.console() != null,
        System.console() != null ? REDRAW : LOG_LINE);
  }

  /** {@code count} null: what {@link #advance} adds up; {@code redraw}: a bar redrawn in place (for a terminal). */
  Progress(String label, String unit, long total, LongSupplier count, Supplier<String> extra, PrintWriter out,
      boolean redraw, Duration every) {
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.count = count != null ? count : advanced::get;
    this.extra = extra;
    this.out = out;
    this.redraw = redraw && total != NO_TOTAL;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress-" + label);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::tick, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * A line a second for a running benchmark: {@code count} is read from the benchmark's own counter, there is no
   * total, and {@code extra} adds to each line ({@code [ingest] 12 s  45,210 events  3,812 events/s  …}). Stop it
   * with {@link #close}.
   */
  public static Progress sampling(
      String label, String unit, LongSupplier count, Supplier<String> extra, PrintWriter out) {
    return new Progress(label, unit, NO_TOTAL, count, extra, out, false, BENCH_LINE);
  }

  /** {@code n} more done (thread-safe). */
  public void advance(long n) {
    advanced.addAndGet(n);
  }

  /** Stops, prints the final figures and returns the rate per second over the whole step. */
  public synchronized double finish() {
    close();
    long done = count.getAsLong();
    double rate = done / Math.max(1e-9, elapsedSeconds());
    if (redraw) {
      draw(done, rate);
      out.printf(Locale.ROOT, " in %.1f s%n", elapsedSeconds());
    } else {
      out.printf(Locale.ROOT, "[%s] done: %,d %s in %.1f s, %,.0f %s/s%n",
          label, done, unit, elapsedSeconds(), rate, unit);
    }
    out.flush();
    return rate;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Stops without a last line. */
  @Override
  public synchronized void close() {
    stopped = true;
    timer.shutdownNow();
  }

  /** One look at the count: a line, or the bar redrawn. */
  synchronized void tick() {
    if (stopped) {
      return;
    }
    try {
      long now = System.nanoTime();
      long done = count.getAsLong();
      double rate = (done - lastCount) / Math.max(1e-9, (now - lastNanos) / 1e9);
      lastCount = done;
      lastNanos = now;
      if (redraw) {
        draw(done, done / Math.max(1e-9, elapsedSeconds()));
        out.print("   ");
      } else {
        out.println(line(done, rate));
      }
      out.flush();
    } catch (RuntimeException e) { // a benchmark's extra may fail while it shuts down: the run must not
      out.println("[" + label + "] progress: " + e);
    }
  }

  private String line(long done, double rate) {
    StringBuilder line = new StringBuilder(
        String.format(Locale.ROOT, "[%s] %5.0f s  %,12d", label, elapsedSeconds(), done));
    if (total != NO_TOTAL) {
      line.append(String.format(Locale.ROOT, "/%,d %s (%.1f%%)", total, unit, percent(done)));
    } else {
      line.append(' ').append(unit);
    }
    line.append(String.format(Locale.ROOT, "  %,9.0f %s/s", rate, unit));
    double average = done / Math.max(1e-9, elapsedSeconds());
    if (total != NO_TOTAL && done < total && average > 0) {
      line.append(String.format(Locale.ROOT, "  ~%d s left", Math.round((total - done) / average)));
    }
    String more = extra.get();
    if (!more.isEmpty()) {
      line.append("  ").append(more);
    }
    return line.toString();
  }

  private void draw(long done, double rate) {
    double pct = percent(done);
    int filled = (int) Math.min(BAR_WIDTH, Math.round(BAR_WIDTH * pct / 100));
    String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    String eta = rate > 0 && done < total
        ? String.format(Locale.ROOT, ", %ds left", Math.round((total - done) / rate))
        : "";
    out.printf(Locale.ROOT, "\r[%s] %s %,d/%,d %s (%.1f%%) %,.0f %s/s%s",
        label, bar, done, total, unit, pct, rate, unit, eta);
  }

  private double percent(long done) {
    return total > 0 ? 100.0 * done / total : 100.0;
  }
}
