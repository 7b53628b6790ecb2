package io.ebb.replay;

import io.ebb.model.PlacePrior;
import io.ebb.model.ServingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The place priors the tuner tries on top of the best setting without one (like the ranking knobs, they do not
 * multiply the grid, and they share its fold and inner products): every weight with every scale, then the best of
 * those with other popularity weights (near the user, how popular a venue is may matter more than it did without
 * place). Tried only on data whose items have places; elsewhere a place prior cannot change a ranking.
 *
 * @param weights values of {@link PlacePrior#weight} above 0
 * @param scalesKm values of {@link PlacePrior#scaleKm}
 * @param popularityWeights popularity weights tried with the best place prior
 */
public record PlaceSweep(List<Double> weights, List<Double> scalesKm, List<Double> popularityWeights) {

  /** Nothing to try. */
  public static final PlaceSweep OFF = new PlaceSweep(List.of(), List.of(), List.of());

  public PlaceSweep {
    weights = List.copyOf(weights);
    scalesKm = List.copyOf(scalesKm);
    popularityWeights = List.copyOf(popularityWeights);
  }

  /**
   * Weights 0.1 to 5 (a similarity is at most about 1: from a nudge to a prior that orders the candidate pool by
   * distance) and scales from a few blocks to across a neighbourhood, 20 settings; then popularity weights 0.3, 1,
   * 3 and 10 with the best of them (on Gowalla check-ins 3 won, the edge of a grid that ended there).
   */
  public static PlaceSweep standard() {
    return new PlaceSweep(
        List.of(0.1, 0.3, 1.0, 2.0, 5.0), List.of(0.25, 0.5, 1.0, 3.0), List.of(0.3, 1.0, 3.0, 10.0));
  }

  public int size() {
    return weights.size() * scalesKm.size() + popularityWeights.size();
  }

  /** {@code best} with each popularity weight (but its own). */
  public List<ServingModel> popularityOn(ServingModel best) {
    return popularityWeights.stream()
        .filter(w -> w != best.ranking().popularityWeight())
        .map(best::withPopularityWeight)
        .toList();
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
