package io.ebb.replay;

import io.ebb.interest.TimeSettings;
import io.ebb.model.ServingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The time-context settings the tuner tries on top of the best setting without context: every share with every
 * half-life of the per-bucket vectors ({@link TimeSettings}). Unlike the ranking knobs each is a fold of its own.
 *
 * @param shares values of {@link TimeSettings#share} above 0
 * @param halfLives values of {@link TimeSettings#halfLife}
 */
public record TimeSweep(List<Double> shares, List<Duration> halfLives) {

  /** Nothing to try. */
  public static final TimeSweep OFF = new TimeSweep(List.of(), List.of());

  public TimeSweep {
    shares = List.copyOf(shares);
    halfLives = List.copyOf(halfLives);
  }

  /**
   * Shares 0.2, 0.4 and 0.6 (from a nudge towards the hour's taste to mostly it) with half-lives of a week and of
   * three months (a bucket sees about a seventh of a user's events, so it needs longer memory than a session):
   * six folds.
   */
  public static TimeSweep standard() {
    return new TimeSweep(List.of(0.2, 0.4, 0.6), List.of(Duration.ofDays(7), Duration.ofDays(90)));
  }

  public int size() {
    return shares.size() * halfLives.size();
  }

  /** {@code base} with each time setting, its default zone kept, the share varying fastest. */
  public List<ServingModel> on(ServingModel base) {
    List<ServingModel> out = new ArrayList<>(size());
    TimeSettings time = base.interest().time();
    for (Duration halfLife : halfLives) {
      for (double share : shares) {
        out.add(base.withInterest(base.interest().withTime(time.withHalfLife(halfLife).withShare(share))));
      }
    }
    return out;
  }
}
