package io.ebb.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from many threads into an HdrHistogram (microsecond resolution, 3 significant digits, up to
 * one hour), read as percentiles.
 *
 * <p>For a fixed-rate run, record from the <em>intended</em> start of each request, not from when it was sent:
 * a stalled server then shows up as the queueing delay every waiting request really saw (no coordinated omission).
 */
public final class Latencies {

  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private final Recorder recorder = new Recorder(MAX_MICROS, 3);
  private final Histogram total = new Histogram(MAX_MICROS, 3);

  /** Records one latency, measured from {@code startNanos} ({@link System#nanoTime()}) to now. */
  public void recordSince(long startNanos) {
    recordNanos(System.nanoTime() - startNanos);
  }

  public void recordNanos(long nanos) {
    recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
  }

  /** Everything recorded so far (drains the recorder into the running total; call from one thread). */
  public synchronized Histogram snapshot() {
    total.add(recorder.getIntervalHistogram());
    return total.copy();
  }

  /** {@code p50 1.2 ms · p95 … · p99 … · p99.9 … · max …} of everything recorded so far. */
  public String summary() {
    return summary(snapshot());
  }

  public static String summary(Histogram h) {
    return String.format(
        Locale.ROOT,
        "p50 %s · p95 %s · p99 %s · p99.9 %s · max %s",
        millis(h.getValueAtPercentile(50)),
        millis(h.getValueAtPercentile(95)),
        millis(h.getValueAtPercentile(99)),
        millis(h.getValueAtPercentile(99.9)),
        millis(h.getMaxValue()));
  }

  /** A percentile in milliseconds, for reports. */
  public static double percentileMillis(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  public void print(String label, PrintStream out) {
    Histogram h = snapshot();
    out.printf(Locale.ROOT, "%s: %,d samples · %s%n", label, h.getTotalCount(), summary(h));
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }
}
