package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebb.replay.Metrics.Rank;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Metric functions against cases worked out by hand. */
class MetricsTest {

  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  @Test
  void rankOneScoresOneOnEveryMetric() {
    Rank r = Metrics.rank(new float[] {0.9f, 0.5f, 0.1f}, 0, null);

    assertThat(r).isEqualTo(new Rank(0, 0));
    assertThat(Metrics.ndcg(r, 10)).isEqualTo(1.0);
    assertThat(Metrics.hitRate(r, 10)).isEqualTo(1.0);
    assertThat(Metrics.reciprocalRank(r)).isEqualTo(1.0);
  }

  @Test
  void rankThreeScoresHalfNdcgAndAThirdReciprocalRank() {
    // target (item 3) has two items above it: rank 3, NDCG = 1 / log2(3 + 1) = 0.5
    Rank r = Metrics.rank(new float[] {0.9f, 0.1f, 0.8f, 0.5f}, 3, null);

    assertThat(r).isEqualTo(new Rank(2, 0));
    assertThat(Metrics.ndcg(r, 10)).isCloseTo(0.5, within(1e-12));
    assertThat(Metrics.hitRate(r, 10)).isEqualTo(1.0);
    assertThat(Metrics.reciprocalRank(r)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(Metrics.hitRate(r, 2)).isZero();
    assertThat(Metrics.ndcg(r, 2)).isZero();
  }

  @Test
  void aTieCountsAtItsExpectedRankAsIfBrokenAtRandom() {
    // target tied with one other item at the top: rank 1 or 2, each with probability 1/2
    Rank r = Metrics.rank(new float[] {0.7f, 0.7f, 0.2f}, 1, null);

    assertThat(r).isEqualTo(new Rank(0, 1));
    assertThat(r.expected()).isEqualTo(1.5);
    assertThat(Metrics.ndcg(r, 10)).isCloseTo((1.0 + 1.0 / LOG2_3) / 2, within(1e-12)); // 0.8155
    assertThat(Metrics.hitRate(r, 10)).isEqualTo(1.0);
    assertThat(Metrics.hitRate(r, 1)).isEqualTo(0.5);
    assertThat(Metrics.reciprocalRank(r)).isCloseTo((1.0 + 1.0 / 2) / 2, within(1e-12));
  }

  @Test
  void aTieAcrossTheCutOffCountsTheShareInsideIt() {
    // 9 above, target tied with 3 others: ranks 10..13 equally likely, only rank 10 is inside the top 10
    float[] scores = new float[20];
    for (int i = 0; i < 9; i++) {
      scores[i] = 1f;
    }
    for (int i = 9; i < 13; i++) {
      scores[i] = 0.5f;
    }
    Rank r = Metrics.rank(scores, 12, null);

    assertThat(r).isEqualTo(new Rank(9, 3));
    assertThat(Metrics.hitRate(r, 10)).isCloseTo(0.25, within(1e-12));
    assertThat(Metrics.ndcg(r, 10)).isCloseTo(0.25 / (Math.log(11) / Math.log(2)), within(1e-12));
    assertThat(Metrics.reciprocalRank(r))
        .isCloseTo((1 / 10.0 + 1 / 11.0 + 1 / 12.0 + 1 / 13.0) / 4, within(1e-12));
  }

  @Test
  void allTiedScoresWhatARandomOrderScoresOnAverage() {
    int n = 1000;
    Rank r = Metrics.rank(new float[n], 0, null);

    assertThat(Metrics.hitRate(r, 10)).isCloseTo(10.0 / n, within(1e-12));
    double harmonic = 0;
    for (int k = 1; k <= n; k++) {
      harmonic += 1.0 / k;
    }
    assertThat(Metrics.reciprocalRank(r)).isCloseTo(harmonic / n, within(1e-9)); // the asymptotic branch
  }

  @Test
  void excludedItemsDoNotCountAndAnExcludedTargetIsAMiss() {
    float[] scores = {0.9f, 0.8f, 0.5f};
    BitSet consumed = new BitSet();
    consumed.set(0);

    assertThat(Metrics.rank(scores, 2, consumed)).isEqualTo(new Rank(1, 0));
    Rank missed = Metrics.rank(scores, 0, consumed);
    assertThat(missed.missed()).isTrue();
    assertThat(Metrics.ndcg(missed, 10)).isZero();
    assertThat(Metrics.hitRate(missed, 10)).isZero();
    assertThat(Metrics.reciprocalRank(missed)).isZero();
  }

  @Test
  void topKIsBestFirstWithoutExcludedItems() {
    float[] scores = {0.1f, 0.9f, 0.5f, 0.7f, 0.3f};
    BitSet consumed = new BitSet();
    consumed.set(3);

    assertThat(Metrics.topK(scores, 3, consumed)).containsExactly(1, 2, 4);
    assertThat(Metrics.topK(scores, 10, null)).containsExactly(1, 3, 2, 4, 0);
  }
}
