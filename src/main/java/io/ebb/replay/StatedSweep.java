package io.ebb.replay;

import io.ebb.model.ServingModel;
import io.ebb.interest.StatedSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tuner tries for the stated component. It does not multiply the grid: the stated share is tried on top
 * of the best setting the sweep found (mix 0), which is cheap, and chosen like every other knob, by validation
 * NDCG@10, so it stays 0 unless replaying shows a share helps.
 *
 * @param mixes stated mixes above 0 to try
 * @param halfLives stated half-lives to try each mix with
 * @param simulation how captures are simulated for a dataset that recorded none; {@code null} when off
 */
public record StatedSweep(List<Double> mixes, List<Duration> halfLives, CaptureSimulation simulation) {

  /** Try nothing: the report shows the stated component off only. */
  public static final StatedSweep OFF = new StatedSweep(List.of(), List.of(), null);

  public StatedSweep {
    mixes = List.copyOf(mixes);
    halfLives = List.copyOf(halfLives);
    for (double m : mixes) {
      if (!(m > 0) || !Double.isFinite(m)) {
        throw new IllegalArgumentException("a stated mix to try must be a finite number > 0, was " + m);
      }
    }
    if (!mixes.isEmpty() && (halfLives.isEmpty() || simulation == null)) {
      throw new IllegalArgumentException("stated mixes need at least one half-life and a capture simulation");
    }
  }

  /** {@link #standard(CaptureSimulation)} with captures simulated as the application's config says. */
  public static StatedSweep standard() {
    return standard(CaptureSimulation.defaults());
  }

  /** Mixes 0.1 and 0.25, each at the default half-life (3 d) and at 1 d. */
  public static StatedSweep standard(CaptureSimulation simulation) {
    return new StatedSweep(
        List.of(0.1, 0.25), List.of(StatedSettings.DEFAULT.halfLife(), Duration.ofDays(1)), simulation);
  }

  public boolean isOff() {
    return mixes.isEmpty();
  }

  /** How many settings {@link #on} gives. */
  public int size() {
    return mixes.size() * halfLives.size();
  }

  /** {@code base} with each stated half-life and mix, the mix varying fastest. */
  public List<ServingModel> on(ServingModel base) {
    List<ServingModel> out = new ArrayList<>(size());
    for (Duration halfLife : halfLives) {
      for (double mix : mixes) {
        out.add(base.withInterest(base.interest().withStated(new StatedSettings(halfLife, mix))));
      }
    }
    return out;
  }
}
