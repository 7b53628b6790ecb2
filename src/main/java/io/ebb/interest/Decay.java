package io.ebb.interest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Exponential decay by half-life, and the half-life syntax used in configuration and on the wire. */
public final class Decay {

  /** An infinite half-life: nothing decays. The longest {@link Duration} there is. */
  public static final Duration NEVER = ChronoUnit.FOREVER.getDuration();

  private static final double LN2 = Math.log(2.0);
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final Pattern SHORT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w|y)");
  private static final String SYNTAX =
      "expected a number and a unit (ms, s, m, h, d, w, y; 1y = 365d) such as 6h or 30d,"
          + " an ISO-8601 duration such as PT6H or P30D, or \"never\"";

  private Decay() {}

  /**
   * {@code 2^(-elapsed/halfLife)}: the weight left, after {@code elapsedMillis}, of a contribution of weight 1.
   * Exactly 1.0 for an elapsed time of 0 and for {@link #NEVER}.
   *
   * <p>Defined for {@code elapsedMillis >= 0} only: a negative elapsed time would make weights grow, which is
   * never what a caller means. A late event is handled by the caller decaying the <em>event</em> by the time
   * it is late (see {@link InterestState}), and a query earlier than the state's instant by clamping to 0.
   *
   * @throws IllegalArgumentException if {@code elapsedMillis} is negative or the half-life is not positive
   */
  public static double factor(Duration halfLife, long elapsedMillis) {
    if (elapsedMillis < 0) {
      throw new IllegalArgumentException("elapsed time must not be negative, was " + elapsedMillis + " ms");
    }
    if (elapsedMillis == 0 || NEVER.equals(halfLife)) {
      return 1.0;
    }
    return Math.exp(-LN2 * elapsedMillis / positiveMillis(halfLife));
  }

  /**
   * The natural logarithm of {@link #factor}: finite where the factor itself underflows to 0 (after about a
   * thousand half-lives), so that decayed weights can still be compared with each other.
   */
  public static double logFactor(Duration halfLife, long elapsedMillis) {
    if (elapsedMillis < 0) {
      throw new IllegalArgumentException("elapsed time must not be negative, was " + elapsedMillis + " ms");
    }
    if (elapsedMillis == 0 || NEVER.equals(halfLife)) {
      return 0.0;
    }
    return -LN2 * elapsedMillis / positiveMillis(halfLife);
  }

  /** Half-life in (fractional) milliseconds, without the overflow of {@link Duration#toMillis()}. */
  static double positiveMillis(Duration halfLife) {
    Objects.requireNonNull(halfLife, "halfLife");
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("a half-life must be positive, was " + format(halfLife));
    }
    return halfLife.getSeconds() * 1000.0 + halfLife.getNano() / 1e6;
  }

  /**
   * Reads {@code "6h"}, {@code "30d"}, {@code "90s"}, {@code "15m"}, {@code "2w"}, {@code "1y"} (365 days),
   * {@code "500ms"}, decimals such as {@code "1.5h"}, ISO-8601 ({@code "PT6H"}, {@code "P30D"}), and
   * {@code "never"} / {@code "inf"} for {@link #NEVER}. Units are lower case: {@code m} is minutes, never months.
   *
   * @throws IllegalArgumentException naming the text and the accepted syntax when it cannot be read
   */
  public static Duration parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("Cannot read an empty duration: " + SYNTAX);
    }
    String text = s.strip();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("never") || lower.equals("inf") || lower.equals("infinite") || lower.equals("infinity")) {
      return NEVER;
    }
    if (lower.startsWith("p") || lower.startsWith("-p") || lower.startsWith("+p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "Cannot read duration \"" + s + "\" (ISO-8601 durations take days at most, e.g. P365D): " + SYNTAX, e);
      }
    }
    Matcher m = SHORT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("Cannot read duration \"" + s + "\": " + SYNTAX);
    }
    BigDecimal seconds = new BigDecimal(m.group(1)).multiply(unitSeconds(m.group(2)));
    try {
      BigDecimal whole = seconds.setScale(0, RoundingMode.DOWN);
      long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
      return Duration.ofSeconds(whole.longValueExact(), nanos);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Duration \"" + s + "\" is too long: use \"never\" for no decay", e);
    }
  }

  private static BigDecimal unitSeconds(String unit) {
    switch (unit) {
      case "ms": return new BigDecimal("0.001");
      case "s": return BigDecimal.ONE;
      case "m": return BigDecimal.valueOf(60);
      case "h": return BigDecimal.valueOf(3_600);
      case "d": return BigDecimal.valueOf(SECONDS_PER_DAY);
      case "w": return BigDecimal.valueOf(7 * SECONDS_PER_DAY);
      case "y": return BigDecimal.valueOf(365 * SECONDS_PER_DAY);
      default: throw new IllegalStateException("unit not in the pattern: " + unit);
    }
  }

  /**
   * ISO-8601 that {@link #parse} reads back to an equal {@link Duration}: {@code "P30D"} for whole days
   * (where {@link Duration#toString()} would say {@code "PT720H"}), {@code "PT6H"} otherwise, and
   * {@code "never"} for {@link #NEVER}.
   */
  public static String format(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (NEVER.equals(d)) {
      return "never";
    }
    if (d.getSeconds() > 0 && d.getNano() == 0 && d.getSeconds() % SECONDS_PER_DAY == 0) {
      return "P" + d.getSeconds() / SECONDS_PER_DAY + "D";
    }
    return d.toString();
  }
}
