package io.ebb.interest;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the fold depends on. A state built under one horizon list must be read under the same list
 * (same count, same order); {@code version} lets its owner tell when the settings changed under a stored state.
 *
 * @param tagFloor tags whose decayed {@code |weight|} falls below it are dropped
 * @param maxTags when more tags than this are held, the smallest {@code |weight|} are dropped
 * @param stated the stated-interest component's half-life and mix ({@link StatedSettings#DEFAULT}: mix 0)
 * @param time the time-context component: per-bucket half-life, share and default zone ({@link TimeSettings#OFF})
 */
public record InterestSettings(
    int version,
    List<HorizonSettings> horizons,
    EventWeights weights,
    Duration tagHalfLife,
    double tagFloor,
    int maxTags,
    StatedSettings stated,
    TimeSettings time) {

  /** Settings without time context. */
  public InterestSettings(
      int version,
      List<HorizonSettings> horizons,
      EventWeights weights,
      Duration tagHalfLife,
      double tagFloor,
      int maxTags,
      StatedSettings stated) {
    this(version, horizons, weights, tagHalfLife, tagFloor, maxTags, stated, TimeSettings.OFF);
  }

  /** Settings with the default stated component (recorded, mix 0). */
  public InterestSettings(
      int version,
      List<HorizonSettings> horizons,
      EventWeights weights,
      Duration tagHalfLife,
      double tagFloor,
      int maxTags) {
    this(version, horizons, weights, tagHalfLife, tagFloor, maxTags, StatedSettings.DEFAULT, TimeSettings.OFF);
  }

  public InterestSettings {
    stated = stated == null ? StatedSettings.DEFAULT : stated;
    time = time == null ? TimeSettings.OFF : time;
    Objects.requireNonNull(horizons, "horizons");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(tagHalfLife, "tagHalfLife");
    horizons = List.copyOf(horizons);
    if (horizons.isEmpty()) {
      throw new IllegalArgumentException("at least one horizon is needed");
    }
    Set<String> names = new HashSet<>();
    boolean anyMix = false;
    for (HorizonSettings h : horizons) {
      if (!names.add(h.name())) {
        throw new IllegalArgumentException("horizon names must be unique: " + h.name() + " is repeated");
      }
      anyMix |= h.mix() > 0.0;
    }
    if (!anyMix) {
      throw new IllegalArgumentException("at least one horizon needs a mix > 0, or no query vector can be built");
    }
    if (tagHalfLife.isNegative() || tagHalfLife.isZero()) {
      throw new IllegalArgumentException("tagHalfLife must be positive, was " + Decay.format(tagHalfLife));
    }
    if (!(tagFloor >= 0.0) || !Double.isFinite(tagFloor)) {
      throw new IllegalArgumentException("tagFloor must be a finite number >= 0, was " + tagFloor);
    }
    if (maxTags <= 0) {
      throw new IllegalArgumentException("maxTags must be positive, was " + maxTags);
    }
  }

  /** Version 1: short (6 h) and long (30 d) horizons mixed half and half; tags: 30 d, floor 0.01, at most 200. */
  public static InterestSettings defaults() {
    return new InterestSettings(
        1,
        List.of(
            new HorizonSettings("short", Duration.ofHours(6), 0.5),
            new HorizonSettings("long", Duration.ofDays(30), 0.5)),
        EventWeights.defaults(),
        Duration.ofDays(30),
        0.01,
        200);
  }

  public InterestSettings withVersion(int v) {
    return new InterestSettings(v, horizons, weights, tagHalfLife, tagFloor, maxTags, stated, time);
  }

  public InterestSettings withHorizons(List<HorizonSettings> h) {
    return new InterestSettings(version, h, weights, tagHalfLife, tagFloor, maxTags, stated, time);
  }

  public InterestSettings withWeights(EventWeights w) {
    return new InterestSettings(version, horizons, w, tagHalfLife, tagFloor, maxTags, stated, time);
  }

  public InterestSettings withStated(StatedSettings st) {
    return new InterestSettings(version, horizons, weights, tagHalfLife, tagFloor, maxTags, st, time);
  }

  public InterestSettings withTime(TimeSettings t) {
    return new InterestSettings(version, horizons, weights, tagHalfLife, tagFloor, maxTags, stated, t);
  }
}
