package io.ebb.interest;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Time context: beside its horizons, each user folds one more decayed vector per {@link TimeBuckets time bucket}
 * (the local daypart and weekday of each event), forgetting at {@code halfLife}; a query blends the vector of its
 * own bucket into the query vector with {@code share}. Off ({@code share} 0) by default: nothing is folded per
 * bucket and queries are unchanged, until replaying journals shows a share helps ({@code ebb tune --apply}).
 *
 * @param share the weight of the query's bucket in the query vector, within [0, 1)
 * @param defaultZone the zone of an event or query whose {@code context.tz} is absent or names no zone
 */
public record TimeSettings(Duration halfLife, double share, ZoneId defaultZone) {

  /** 30 days, share 0, UTC. */
  public static final TimeSettings OFF = new TimeSettings(Duration.ofDays(30), 0.0, ZoneOffset.UTC);

  public TimeSettings {
    Objects.requireNonNull(halfLife, "time halfLife");
    Objects.requireNonNull(defaultZone, "time defaultZone");
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("the time half-life must be positive, was " + Decay.format(halfLife));
    }
    if (!(share >= 0.0 && share < 1.0)) {
      throw new IllegalArgumentException("the time share must be within [0, 1), was " + share);
    }
  }

  /** True when the query's bucket has a share: only then are buckets folded. {@code @Transient}: not a property. */
  @java.beans.Transient
  public boolean isOn() {
    return share > 0.0;
  }

  public TimeSettings withShare(double s) {
    return new TimeSettings(halfLife, s, defaultZone);
  }

  public TimeSettings withHalfLife(Duration h) {
    return new TimeSettings(h, share, defaultZone);
  }

  /**
   * The zone {@code tz} names, else {@link #defaultZone}. While time context is off nothing depends on the zone,
   * so {@code tz} is not even read (no zone parsed per event on the hot path).
   */
  public ZoneId zone(String tz) {
    ZoneId z = isOn() ? TimeBuckets.zoneOf(tz) : null;
    return z == null ? defaultZone : z;
  }
}
