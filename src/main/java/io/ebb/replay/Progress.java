package io.ebb.replay;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar (import, journal reading) on stderr: done/total, percent, rate and time left, redrawn at most twice a second. */
public final class Progress {

  private final String label;
  private final String unit;
  private final long total;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private long done;

  public Progress(String label, String unit, long total) {
    this(label, unit, total, System.err);
  }

  private Progress(String label, String unit, long total, PrintStream out) {
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.out = out;
  }

  public synchronized void advance(long n) {
    done += n;
    long now = System.nanoTime();
    if (now - lastDrawNanos > 500_000_000L || done >= total) {
      lastDrawNanos = now;
      draw(false);
    }
  }

  /** Draws the final line and returns the rate per second. */
  public synchronized double finish() {
    draw(true);
    return rate();
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private double rate() {
    double s = elapsedSeconds();
    return s > 0 ? done / s : 0;
  }

  private void draw(boolean last) {
    double pct = total > 0 ? 100.0 * done / total : 100.0;
    int width = 30;
    int filled = (int) Math.min(width, Math.round(width * pct / 100));
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    double rate = rate();
    String eta = rate > 0 && done < total ? String.format(Locale.ROOT, ", %ds left", Math.round((total - done) / rate)) : "";
    out.printf(
        Locale.ROOT,
        "\r[%s] %s %,d/%,d %s (%.1f%%) %,.0f %s/s%s%s",
        label, bar, done, total, unit, pct, rate, unit, last ? String.format(Locale.ROOT, " in %.1f s", elapsedSeconds()) : eta,
        last ? "\n" : "   ");
    out.flush();
  }
}
