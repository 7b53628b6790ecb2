package io.ebb.replay;

import io.ebb.replay.Split.Target;
import io.ebb.replay.Split.UserEvents;
import io.ebb.replay.data.Interaction;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The item-kNN baseline: binary cosine similarity between items over the users of the training events,
 * {@code |U_i ∩ U_j| / sqrt(|U_i| · |U_j|)}, and a candidate's score is the sum of its similarities to the
 * distinct items of the user's history.
 */
public final class ItemKnn {

  private final float[][] similarity;

  private ItemKnn(float[][] similarity) {
    this.similarity = similarity;
  }

  /** Learns the similarities from {@link Split#training()} only. */
  public static ItemKnn learn(Split split) {
    int n = split.itemCount();
    Map<String, BitSet> byUser = new HashMap<>();
    for (Interaction e : split.training()) {
      byUser.computeIfAbsent(e.userId(), u -> new BitSet(n)).set(split.indexOf(e.itemId()));
    }
    float[][] co = new float[n][n];
    int[] count = new int[n];
    for (BitSet items : byUser.values()) {
      int[] list = items.stream().toArray();
      for (int i : list) {
        count[i]++;
        float[] row = co[i];
        for (int j : list) {
          row[j] += 1f;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      float[] row = co[i];
      row[i] = 0f; // an item is not its own neighbour
      for (int j = 0; j < n; j++) {
        if (row[j] != 0f) {
          row[j] = (float) (row[j] / Math.sqrt((double) count[i] * count[j]));
        }
      }
    }
    return new ItemKnn(co);
  }

  /** Scores for targets of {@code split}: the sum of the similarity rows of the user's distinct history items. */
  public Evaluator.BlockScorer scorer(Split split) {
    return (block, out) -> {
      for (int b = 0; b < block.size(); b++) {
        Target t = block.get(b);
        UserEvents u = split.users().get(t.user());
        BitSet seen = new BitSet(split.itemCount());
        float[] o = out[b];
        for (int i = 0; i < t.position(); i++) {
          int item = u.items()[i];
          if (!seen.get(item)) {
            seen.set(item);
            float[] row = similarity[item];
            for (int j = 0; j < o.length; j++) {
              o[j] += row[j];
            }
          }
        }
      }
    };
  }
}
