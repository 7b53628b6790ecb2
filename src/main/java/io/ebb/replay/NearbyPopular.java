package io.ebb.replay;

import io.ebb.rank.Place;
import io.ebb.replay.Evaluator.Part;
import io.ebb.replay.Split.Target;
import java.util.List;

/**
 * The "popular near the user" baseline: each item's popularity prior at the target's instant times
 * {@code exp(−distance / scale)}, the distance from where the user was before the target ({@link Split#placeBefore})
 * to the item. An item without a place scores 0; a target without a known place gets plain popularity. The scale
 * is chosen on the validation targets from {@link #SCALES_KM}.
 */
final class NearbyPopular {

  /** The scales tried, from a few blocks to across a city. */
  static final List<Double> SCALES_KM = List.of(0.25, 0.5, 1.0, 2.0, 5.0, 10.0);

  private NearbyPopular() {}

  static Evaluator.BlockScorer scorer(Evaluator evaluator, Part part, double scaleKm) {
    Evaluator.VariantScorer one = scorer(evaluator, part, List.of(scaleKm));
    return (block, out) -> one.score(block, new float[][][] {out});
  }

  /** One variant per scale: the distances of a target are computed once for all. */
  static Evaluator.VariantScorer scorer(Evaluator evaluator, Part part, List<Double> scalesKm) {
    Split split = evaluator.split();
    float[][] priors = evaluator.priors(part);
    return (block, out) -> {
      for (int b = 0; b < block.size(); b++) {
        Target t = block.get(b);
        float[] prior = priors[t.index()];
        Place here = split.placeBefore(t);
        double[] distance = here == null ? null : evaluator.distancesFrom(here);
        for (int v = 0; v < scalesKm.size(); v++) {
          double scale = scalesKm.get(v);
          float[] o = out[v][b];
          for (int j = 0; j < o.length; j++) {
            if (distance == null) {
              o[j] = prior[j];
            } else {
              o[j] = Double.isNaN(distance[j]) ? 0f : (float) (prior[j] * Math.exp(-distance[j] / scale));
            }
          }
        }
      }
    };
  }
}
