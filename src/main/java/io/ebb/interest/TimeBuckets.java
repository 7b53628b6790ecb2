package io.ebb.interest;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The time buckets of time context: the local daypart and whether it is the weekend, in the user's zone. Four
 * dayparts (night 22–5 h, morning 5–11 h, afternoon 11–17 h, evening 17–22 h) on weekdays and on weekends make
 * {@value #COUNT} buckets. The local date decides the weekend: Friday 23 h is a weekday night, Saturday 2 h a
 * weekend one. Pure: the fold, the evaluator and the service all bucket an instant with this class.
 */
public final class TimeBuckets {

  /** How many buckets there are; bucket indices run from 0 to {@code COUNT − 1}. */
  public static final int COUNT = 8;

  private static final List<String> DAYPARTS = List.of("night", "morning", "afternoon", "evening");

  private TimeBuckets() {}

  /** The bucket of {@code at} in {@code zone}: {@code 2 · daypart + (weekend ? 1 : 0)}. */
  public static int of(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    int hour = local.getHour();
    int daypart = hour < 5 || hour >= 22 ? 0 : hour < 11 ? 1 : hour < 17 ? 2 : 3;
    DayOfWeek day = local.getDayOfWeek();
    boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    return 2 * daypart + (weekend ? 1 : 0);
  }

  /** {@code "weekday morning"}, {@code "weekend evening"}, …: how a profile and a reason name a bucket. */
  public static String name(int bucket) {
    if (bucket < 0 || bucket >= COUNT) {
      throw new IllegalArgumentException("a time bucket is within [0, " + COUNT + "), was " + bucket);
    }
    return ((bucket & 1) == 1 ? "weekend " : "weekday ") + DAYPARTS.get(bucket / 2);
  }

  /**
   * The zone a {@code context.tz} value names: an IANA id ({@code "America/New_York"}) or an offset
   * ({@code "+02:00"}, {@code "-05:00"}, {@code "UTC+2"}, {@code "Z"}); {@code null} for null, blank or anything
   * else, so a value no zone can be made of falls back to the configured default instead of failing an event.
   */
  public static ZoneId zoneOf(String tz) {
    if (tz == null || tz.isBlank() || tz.length() > 64) {
      return null;
    }
    String s = tz.strip();
    try {
      if (s.charAt(0) == '+' || s.charAt(0) == '-') {
        return ZoneOffset.of(s); // "+2", "-05", "+05:30"
      }
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
