package io.ebb.interest;

import java.time.Duration;
import java.util.Objects;

/**
 * The stated-interest component: interests a language model (or the built-in summariser) read from the user's
 * behaviour and recorded as events. Its vector forgets at {@code halfLife} and counts {@code mix} in the query
 * vector, like a horizon. The mix is 0 by default: stated interests are shown in the profile but do not move
 * recommendations until replaying journals shows they help (then {@code ebb tune --apply} stores a mix above 0).
 */
public record StatedSettings(Duration halfLife, double mix) {

  /** Three days, mix 0: recorded and shown, not ranked with. */
  public static final StatedSettings DEFAULT = new StatedSettings(Duration.ofDays(3), 0.0);

  public StatedSettings {
    Objects.requireNonNull(halfLife, "stated halfLife");
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("the stated half-life must be positive, was " + Decay.format(halfLife));
    }
    if (!(mix >= 0.0) || !Double.isFinite(mix)) {
      throw new IllegalArgumentException("the stated mix must be a finite number >= 0, was " + mix);
    }
  }

  public StatedSettings withMix(double m) {
    return new StatedSettings(halfLife, m);
  }
}
