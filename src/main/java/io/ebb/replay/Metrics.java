package io.ebb.replay;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Ranking metrics of one target among all candidates, with score ties counted as if broken at random: a target
 * with {@code greater} candidates scoring above it and {@code ties} others scoring the same is equally likely at
 * each rank {@code greater + 1 … greater + ties + 1}, and each metric is its expectation over those ranks. So an
 * all-tied ranking of {@code n} items scores what a random order would on average, never what the item order
 * happens to give.
 */
public final class Metrics {

  private static final double LN2 = Math.log(2.0);

  private Metrics() {}

  /** Where the target landed: {@code greater} candidates above it, {@code ties} tied with it. */
  public record Rank(int greater, int ties) {

    /** Not ranked at all (the target was excluded as already consumed): scores 0 on every metric. */
    public static final Rank MISSED = new Rank(Integer.MAX_VALUE, 0);

    public boolean missed() {
      return greater == Integer.MAX_VALUE;
    }

    /** The expected 1-based rank, {@code greater + 1 + ties / 2}. */
    public double expected() {
      return greater + 1 + ties / 2.0;
    }
  }

  /** The rank of {@code target} among the items not in {@code excluded} (the target itself never counts). */
  public static Rank rank(float[] scores, int target, BitSet excluded) {
    if (excluded != null && excluded.get(target)) {
      return Rank.MISSED;
    }
    float t = scores[target];
    int greater = 0;
    int ties = 0;
    for (int j = 0; j < scores.length; j++) {
      float s = scores[j];
      if (s >= t && j != target && (excluded == null || !excluded.get(j))) {
        if (s > t) {
          greater++;
        } else {
          ties++;
        }
      }
    }
    return new Rank(greater, ties);
  }

  /** Hit rate at {@code k} (= Recall@k with one target): the chance the target is in the top {@code k}. */
  public static double hitRate(Rank r, int k) {
    if (r.missed() || r.greater() >= k) {
      return 0.0;
    }
    int positions = r.ties() + 1;
    int inside = Math.min(k - r.greater(), positions);
    return inside / (double) positions;
  }

  /** NDCG at {@code k} with one relevant item: {@code 1 / log2(rank + 1)} when rank ≤ k, else 0. */
  public static double ndcg(Rank r, int k) {
    if (r.missed() || r.greater() >= k) {
      return 0.0;
    }
    int positions = r.ties() + 1;
    double sum = 0.0;
    for (int rank = r.greater() + 1; rank <= Math.min(k, r.greater() + positions); rank++) {
      sum += LN2 / Math.log(rank + 1.0);
    }
    return sum / positions;
  }

  /** Reciprocal rank, {@code 1 / rank}, over the whole ranking. */
  public static double reciprocalRank(Rank r) {
    if (r.missed()) {
      return 0.0;
    }
    int positions = r.ties() + 1;
    if (positions == 1) {
      return 1.0 / (r.greater() + 1);
    }
    // mean of 1/rank over rank = g+1 … g+positions: a difference of harmonic numbers
    return (harmonic(r.greater() + positions) - harmonic(r.greater())) / positions;
  }

  private static double harmonic(int n) {
    if (n < 64) {
      double h = 0.0;
      for (int i = 1; i <= n; i++) {
        h += 1.0 / i;
      }
      return h;
    }
    double x = n;
    return Math.log(x) + 0.5772156649015329 + 1 / (2 * x) - 1 / (12 * x * x) + 1 / (120 * x * x * x * x);
  }

  /**
   * The {@code k} best items not in {@code excluded}, best first; equal scores in item order. Used for coverage,
   * where which of several tied items is shown does not change the count much.
   */
  public static int[] topK(float[] scores, int k, BitSet excluded) {
    int[] top = new int[k];
    float[] best = new float[k];
    int size = 0;
    for (int j = 0; j < scores.length; j++) {
      if (excluded != null && excluded.get(j)) {
        continue;
      }
      float s = scores[j];
      if (size == k && !(s > best[k - 1])) {
        continue;
      }
      int pos = size == k ? k - 1 : size++;
      while (pos > 0 && s > best[pos - 1]) {
        best[pos] = best[pos - 1];
        top[pos] = top[pos - 1];
        pos--;
      }
      best[pos] = s;
      top[pos] = j;
    }
    return size == k ? top : Arrays.copyOf(top, size);
  }
}
