package io.ebb.replay.cf;

import io.ebb.model.CfParams;
import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.EventType;
import io.ebb.interest.VectorMath;
import io.ebb.replay.data.Interaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Collaborative vectors on small made-up sequences whose structure is known. */
class CooccurrenceEmbeddingTest {

  private static final CfParams SMALL = new CfParams(4, 2, 1.0, 0.4, 0.5, 6, 7L, false);

  /**
   * Two worlds that never meet: users 0..19 watch a1 a2 a3 a4 (in some rotation), users 20..39 b1 b2 b3 b4.
   * Within a world, each user also watches its items in order, so a1 → a2 → a3 → a4 is the usual sequence.
   */
  private static List<Interaction> twoWorlds() {
    List<Interaction> events = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      String world = u < 20 ? "a" : "b";
      for (int i = 1; i <= 4; i++) {
        events.add(new Interaction("u" + u, world + i, 1000L * (u * 10 + i), EventType.VIEW, null));
      }
    }
    return events;
  }

  private static double dot(float[] a, float[] b) {
    return VectorMath.dot(a, b);
  }

  @Test
  void itemsThatCooccurScoreHigherThanItemsThatNeverDo() {
    CollaborativeVectors v = CooccurrenceEmbedding.learn(twoWorlds(), SMALL);

    assertThat(v.vectors()).hasSize(8);
    assertThat(v.isSymmetric()).isTrue();
    float[] a1 = v.of("a1").orElseThrow();
    assertThat(a1).hasSize(4);
    assertThat(dot(a1, v.of("a2").orElseThrow())).isGreaterThan(dot(a1, v.of("b2").orElseThrow()) + 0.1);
    assertThat(dot(v.of("b3").orElseThrow(), v.of("b4").orElseThrow()))
        .isGreaterThan(dot(v.of("b3").orElseThrow(), v.of("a4").orElseThrow()) + 0.1);
    double meanLength = v.vectors().values().stream().mapToDouble(VectorMath::norm).average().orElseThrow();
    assertThat(meanLength).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  void asymmetricVectorsPreferWhatComesNext() {
    CollaborativeVectors v = CooccurrenceEmbedding.learn(twoWorlds(), SMALL.withAsymmetric(true));

    assertThat(v.isSymmetric()).isFalse();
    float[] afterA2 = v.historySide("a2").orElseThrow();
    // a2 is followed by a3 (window 2: and a4), never preceded by them: a3 is a better next item than a1
    assertThat(dot(afterA2, v.candidateSide("a3").orElseThrow()))
        .isGreaterThan(dot(afterA2, v.candidateSide("a1").orElseThrow()) + 0.1);
    assertThat(dot(afterA2, v.candidateSide("a3").orElseThrow()))
        .isGreaterThan(dot(afterA2, v.candidateSide("b3").orElseThrow()) + 0.1);
  }

  @Test
  void learningIsRepeatable() {
    CollaborativeVectors first = CooccurrenceEmbedding.learn(twoWorlds(), SMALL);
    CollaborativeVectors second = CooccurrenceEmbedding.learn(twoWorlds(), SMALL);

    for (String id : first.vectors().keySet()) {
      assertThat(second.of(id).orElseThrow()).containsExactly(first.of(id).orElseThrow());
    }
  }
}
