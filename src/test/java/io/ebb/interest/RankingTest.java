package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why decay has to weight each past event, not the final scores. */
class RankingTest {

  private static final float[] INTEREST = {0.2f, 0.3f, 0.4f};
  private static final Map<String, float[]> ITEMS = new LinkedHashMap<>();

  static {
    ITEMS.put("i1", new float[] {0.1f, 0.3f, 0.5f});
    ITEMS.put("i2", new float[] {0.4f, 0.2f, 0.3f});
    ITEMS.put("i3", new float[] {0.5f, 0.1f, 0.4f});
  }

  private static List<String> rank(Map<String, Double> scores) {
    return scores.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Map<String, Double> scores(double factor) {
    Map<String, Double> scores = new LinkedHashMap<>();
    ITEMS.forEach((id, v) -> scores.put(id, factor * VectorMath.dot(INTEREST, v)));
    return scores;
  }

  @Test
  void workedExampleScoresAndOrder() {
    var scores = scores(1.0);
    // The source text adds the first as 0.28: 0.02 + 0.09 + 0.20 is 0.31.
    assertThat(scores.get("i1")).isCloseTo(0.31, within(1e-6));
    assertThat(scores.get("i2")).isCloseTo(0.26, within(1e-6));
    assertThat(scores.get("i3")).isCloseTo(0.29, within(1e-6));
    assertThat(rank(scores)).containsExactly("i1", "i3", "i2");
  }

  @Test
  void oneDecayFactorOnEveryScoreCannotChangeTheRanking() {
    for (int k = 0; k <= 20; k++) {
      double factor = Math.pow(0.5, k);
      assertThat(rank(scores(factor))).as("scores times 0.5^%d", k).containsExactly("i1", "i3", "i2");
    }
  }

  @Test
  void perEventDecayLetsARecentInterestOvertakeAnOlderLargerOne() {
    float[] sciFi = {1, 0, 0, 0};
    float[] romance = {0, 1, 0, 0};
    Instant now = Instant.parse("2024-06-01T12:00:00Z");

    var decaying = InterestSettings.defaults();
    var forever = decaying.withHorizons(List.of(
        new HorizonSettings("short", Decay.NEVER, 0.5),
        new HorizonSettings("long", Decay.NEVER, 0.5)));

    for (var s : List.of(decaying, forever)) {
      var state = InterestState.empty(s);
      var thirtyDaysAgo = now.minus(Duration.ofDays(30));
      for (int i = 0; i < 10; i++) {
        state = state.apply(s, thirtyDaysAgo.plus(Duration.ofMinutes(i)), 1.0, sciFi, List.of("sci-fi"));
      }
      var hourAgo = now.minus(Duration.ofHours(1));
      for (int i = 0; i < 3; i++) {
        state = state.apply(s, hourAgo.plus(Duration.ofMinutes(i)), 1.0, romance, List.of("romance"));
      }
      float[] q = state.queryVector(s, now);
      double toSciFi = VectorMath.dot(q, sciFi);
      double toRomance = VectorMath.dot(q, romance);
      if (s == decaying) {
        assertThat(toRomance).as("decayed per event: the recent interest leads").isGreaterThan(toSciFi);
      } else {
        assertThat(toSciFi).as("no decay: the larger, older interest leads").isGreaterThan(toRomance);
        assertThat(state.topTags(s, now, 1)).extracting(TagWeight::tag).containsExactly("sci-fi");
      }
    }
  }
}
