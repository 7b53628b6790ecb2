package io.ebb.replay;

import io.ebb.model.PlacePrior;
import io.ebb.model.ServingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The place priors the tuner tries on top of the best setting without one (like the ranking knobs, they do not
 * multiply the grid, and they share its fold and inner products): every weight with every scale. Tried only on data
 * whose items have places; elsewhere a place prior cannot change a ranking.
 *
 * @param weights values of {@link PlacePrior#weight} above 0
 * @param scalesKm values of {@link PlacePrior#scaleKm}
 */
public record PlaceSweep(List<Double> weights, List<Double> scalesKm) {

  public PlaceSweep {
    weights = List.copyOf(weights);
    scalesKm = List.copyOf(scalesKm);
  }

  /**
   * Weights 0.1 to 5 (a similarity is at most about 1: from a nudge to a prior that orders the candidate pool by
   * distance) and scales from a few blocks to across a neighbourhood: 20 settings.
   */
  public static PlaceSweep standard() {
    return new PlaceSweep(List.of(0.1, 0.3, 1.0, 2.0, 5.0), List.of(0.25, 0.5, 1.0, 3.0));
  }

  public int size() {
    return weights.size() * scalesKm.size();
  }

  /** {@code base} with each place prior, the scale varying fastest. */
  public List<ServingModel> on(ServingModel base) {
    List<ServingModel> out = new ArrayList<>(size());
    for (double w : weights) {
      for (double scale : scalesKm) {
        out.add(base.withRanking(base.ranking().withPlace(new PlacePrior(w, scale))));
      }
    }
    return out;
  }
}
