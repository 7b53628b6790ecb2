package io.ebb.replay;

import io.ebb.model.ServingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tuner tries for the ranking's own knobs, on top of the best setting found so far (like the stated share,
 * it does not multiply the grid): diversity values for the maximal-marginal-relevance pass and candidate pool sizes.
 * A pool only matters when something re-orders it (a popularity prior or the diversity pass); it is tried anyway,
 * which costs little (the variants share the fold and the inner products).
 *
 * @param diversityLambdas values of {@code diversityLambda} below 1 to try
 * @param pools candidate pool sizes to try
 */
public record RankingSweep(List<Double> diversityLambdas, List<Integer> pools) {

  /** Try nothing. */
  public static final RankingSweep OFF = new RankingSweep(List.of(), List.of());

  public RankingSweep {
    diversityLambdas = List.copyOf(diversityLambdas);
    pools = List.copyOf(pools);
  }

  /** Diversity 0.95, 0.9 and 0.7; pools of 50 and 1,000. */
  public static RankingSweep standard() {
    return new RankingSweep(List.of(0.95, 0.9, 0.7), List.of(50, 1000));
  }

  /** How many settings {@link #on} gives (fewer only when a value equals the base's). */
  public int size() {
    return diversityLambdas.size() + pools.size();
  }

  /** {@code base} with each diversity value, then with each pool. */
  public List<ServingModel> on(ServingModel base) {
    List<ServingModel> out = new ArrayList<>(size());
    for (double lambda : diversityLambdas) {
      if (lambda != base.ranking().diversityLambda()) {
        out.add(base.withRanking(base.ranking().withDiversityLambda(lambda)));
      }
    }
    for (int pool : pools) {
      if (pool != base.ranking().candidatePool()) {
        out.add(base.withRanking(base.ranking().withCandidatePool(pool)));
      }
    }
    return out;
  }
}
