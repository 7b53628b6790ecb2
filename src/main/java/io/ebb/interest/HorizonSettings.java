package io.ebb.interest;

import java.time.Duration;
import java.util.Objects;

/**
 * One time horizon of the interest model: its vector forgets at {@code halfLife} and counts {@code mix} in the
 * query vector. Use {@link Decay#NEVER} for a horizon that never forgets.
 */
public record HorizonSettings(String name, Duration halfLife, double mix) {

  public HorizonSettings {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a horizon needs a name");
    }
    Objects.requireNonNull(halfLife, () -> "horizon " + name + ": halfLife");
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException(
          "horizon " + name + ": the half-life must be positive, was " + Decay.format(halfLife));
    }
    if (!(mix >= 0.0) || !Double.isFinite(mix)) {
      throw new IllegalArgumentException("horizon " + name + ": mix must be a finite number >= 0, was " + mix);
    }
  }
}
