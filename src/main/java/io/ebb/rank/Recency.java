package io.ebb.rank;

import java.time.Duration;

/**
 * Counts that fade: an event {@code a} old counts {@code 2^(−a / halfLife)}, so an item's recent count says how
 * popular it is now rather than ever. The arithmetic the service's {@link Popularity} and the replay's priors share,
 * so both compute the same recent count.
 *
 * <p>Stored as forward decay (Cormode et al., ICDE 2009): an event at {@code t} adds the integer
 * {@link #units}{@code (t) = round(1000 · 2^((t − L) / halfLife))} to a counter of its landmark
 * {@code L = }{@link #landmarkOf}{@code (t)} (a multiple of {@link #PERIOD_HALF_LIVES} half-lives), so counters only
 * ever grow and nodes add to them without coordination; the recent count at {@code now} is
 * {@code Σ_L units_L / 1000 · 2^(−(now − L) / halfLife)} over the landmarks from {@link #oldestLandmark}{@code (now)}
 * on. Older landmarks are dropped: what they hold has faded below {@code 2^−16} of an event's weight.
 */
public record Recency(Duration halfLife) {

  /** A landmark period, in half-lives: the exponent of {@link #units} stays below this. */
  public static final int PERIOD_HALF_LIVES = 8;

  /** Units per event at its landmark. */
  static final double UNITS = 1000.0;

  public Recency {
    if (halfLife == null || halfLife.toMillis() < 60_000) {
      throw new IllegalArgumentException("a recent-popularity half-life must be at least a minute, was " + halfLife);
    }
  }

  private double halfLifeMillis() {
    return halfLife.toMillis();
  }

  /** Milliseconds between landmarks. */
  public long periodMillis() {
    return halfLife.toMillis() * PERIOD_HALF_LIVES;
  }

  /** The landmark an event at {@code epochMilli} counts under. */
  public long landmarkOf(long epochMilli) {
    return Math.floorDiv(epochMilli, periodMillis()) * periodMillis();
  }

  /** The oldest landmark still read at {@code epochMilli}: two periods before the current one. */
  public long oldestLandmark(long epochMilli) {
    return landmarkOf(epochMilli) - 2 * periodMillis();
  }

  /** What an event at {@code epochMilli} adds to its landmark's counter: at most {@code 1000 · 2^8}. */
  public long units(long epochMilli) {
    return Math.round(UNITS * Math.pow(2, (epochMilli - landmarkOf(epochMilli)) / halfLifeMillis()));
  }

  /** What {@code units} counted under {@code landmark} are worth at {@code epochMilli}, in events. */
  public double count(long units, long landmark, long epochMilli) {
    return count(units, fade(landmark, epochMilli));
  }

  /** {@link #count(long, long, long)} with the landmark's {@link #fade} computed once for many items. */
  public static double count(long units, double fade) {
    return units / UNITS * fade;
  }

  /** {@code 2^(−(epochMilli − landmark) / halfLife)}: what one unit of {@code landmark} is worth at the instant. */
  public double fade(long landmark, long epochMilli) {
    return Math.pow(2, -(epochMilli - landmark) / halfLifeMillis());
  }
}
