package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterestStateTest {

  private static final InterestSettings S = InterestSettings.defaults();
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final float[] X = {1, 0, 0};
  private static final float[] Y = {0, 1, 0};

  private static InterestState empty() {
    return InterestState.empty(S);
  }

  @Test
  void anInterestIdleForThousandsOfHalfLivesKeepsItsDirection() {
    var steep = S.withHorizons(List.of(new HorizonSettings("session", Duration.ofSeconds(30), 0.8),
        new HorizonSettings("day", Duration.ofDays(1), 0.2)));
    InterestState s = InterestState.empty(steep).apply(steep, T0, 1.0, X, List.of()).apply(steep, T0.plusSeconds(5), 1.0, Y, List.of());

    float[] aYearLater = s.queryVector(steep, T0.plus(Duration.ofDays(365)));

    // 2^(-365) for the day horizon and far less for the session one underflow to 0 in double: the direction
    // still comes from the horizon that faded least, here with the later event (Y) weighted as it was.
    assertThat(aYearLater).hasSize(3);
    assertThat(VectorMath.norm(aYearLater)).isCloseTo(1.0, within(1e-6));
    var dayOnly = steep.withHorizons(List.of(new HorizonSettings("day", Duration.ofDays(1), 1.0)));
    float[] sameDayDirection =
        InterestState.empty(dayOnly)
            .apply(dayOnly, T0, 1.0, X, List.of())
            .apply(dayOnly, T0.plusSeconds(5), 1.0, Y, List.of())
            .queryVector(dayOnly, T0.plusSeconds(5));
    assertThat(aYearLater).containsExactly(sameDayDirection, within(1e-5f));
  }

  @Test
  void aTickLongAfterTheLastEventKeepsTheDirection() {
    InterestState s = empty().apply(S, T0, 1.0, X, List.of()).apply(S, T0, 1.0, Y, List.of()).apply(S, T0, 1.0, Y, List.of());
    Instant years = T0.plus(Duration.ofDays(3650));
    float[] before = s.queryVector(S, years);

    InterestState ticked = s.asOf(S, years);

    assertThat(before).isNotEmpty();
    assertThat(ticked.queryVector(S, years)).containsExactly(before, within(1e-6f));
  }

  @Test
  void aHeavyLongHorizonDoesNotDrownAFreshSessionButAFadedSessionFadesOut() {
    // 50 events on X a week ago (long horizon heavy), 2 on Y just now (short horizon fresh).
    InterestState s = empty();
    for (int i = 0; i < 50; i++) {
      s = s.apply(S, T0.minus(Duration.ofDays(7)).plusSeconds(i), 1.0, X, List.of());
    }
    s = s.apply(S, T0, 1.0, Y, List.of()).apply(S, T0, 1.0, Y, List.of());
    float[] now = s.queryVector(S, T0);
    assertThat(VectorMath.dot(now, Y)).isGreaterThan(VectorMath.dot(now, X) * 0.5);

    // Three days later the session (half-life 6 h) has faded to nothing: X leads again, by far.
    float[] later = s.queryVector(S, T0.plus(Duration.ofDays(3)));
    assertThat(VectorMath.dot(later, X)).isGreaterThan(0.95);
  }

  @Test
  void emptyStateHasNoInterest() {
    var state = empty();
    assertThat(state.isEmpty()).isTrue();
    assertThat(state.dimension()).isZero();
    assertThat(state.horizons()).hasSize(2).allSatisfy(h -> assertThat(h.vector()).isEmpty());
    assertThat(state.queryVector(S, T0)).isEmpty();
    assertThat(state.topTags(S, T0, 10)).isEmpty();
    assertThat(state.horizonsAsOf(S, T0)).extracting(HorizonView::norm).containsExactly(0.0, 0.0);
  }

  @Test
  void contributionHalvesAfterOneHalfLifePerHorizon() {
    var state = empty().apply(S, T0, 1.0, X, List.of());
    var afterSixHours = state.horizonsAsOf(S, T0.plus(Duration.ofHours(6)));
    assertThat(afterSixHours.get(0).name()).isEqualTo("short");
    assertThat(afterSixHours.get(0).norm()).isCloseTo(0.5, within(1e-9));
    assertThat(afterSixHours.get(1).norm()).isCloseTo(Math.pow(0.5, 6.0 / 720.0), within(1e-9));
    var afterThirtyDays = state.horizonsAsOf(S, T0.plus(Duration.ofDays(30)));
    assertThat(afterThirtyDays.get(1).norm()).isCloseTo(0.5, within(1e-9));

    // The fold itself decays: a second event one short half-life later lands on top of half the first.
    var twice = state.apply(S, T0.plus(Duration.ofHours(6)), 1.0, X, List.of());
    assertThat(twice.horizons().get(0).vector()[0]).isCloseTo(1.5f, within(1e-6f));
    assertThat(twice.horizons().get(0).asOfEpochMilli()).isEqualTo(T0.plus(Duration.ofHours(6)).toEpochMilli());
  }

  @Test
  void tagContributionHalvesAfterOneTagHalfLife() {
    var state = empty().apply(S, T0, 2.0, null, List.of("sci-fi"));
    assertThat(state.topTags(S, T0, 5)).containsExactly(new TagWeight("sci-fi", 2.0));
    var later = state.topTags(S, T0.plus(Duration.ofDays(30)), 5);
    assertThat(later).hasSize(1);
    assertThat(later.get(0).weight()).isCloseTo(1.0, within(1e-9));
    var folded = state.apply(S, T0.plus(Duration.ofDays(30)), 2.0, null, List.of("sci-fi"));
    assertThat(folded.tagWeights().get("sci-fi")).isCloseTo(3.0, within(1e-9));
  }

  @Test
  void lateEventEqualsTimeOrder() {
    var a = empty()
        .apply(S, T0, 1.0, X, List.of("a"))
        .apply(S, T0.plus(Duration.ofHours(3)), 2.0, Y, List.of("b"));
    var b = empty()
        .apply(S, T0.plus(Duration.ofHours(3)), 2.0, Y, List.of("b"))
        .apply(S, T0, 1.0, X, List.of("a"));
    assertSameState(a, b);
  }

  @Test
  void manyLateEventsEqualTimeOrder() {
    var rnd = new Random(42);
    int dim = 16;
    record Ev(Instant at, double w, float[] e, List<String> tags) {}
    List<Ev> events = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      float[] e = new float[dim];
      for (int j = 0; j < dim; j++) {
        e[j] = (float) (0.25 * rnd.nextGaussian());
      }
      double w = rnd.nextInt(10) - 3; // some negative, some zero
      var at = T0.plus(Duration.ofMinutes(rnd.nextInt(60 * 24 * 10)));
      events.add(new Ev(at, w, e, List.of("t" + rnd.nextInt(5), "u" + rnd.nextInt(3))));
    }
    // Tags only on positive events, so no tag ever hovers near the floor (dropping is not linear).
    List<Ev> sorted = new ArrayList<>(events);
    sorted.sort((p, q) -> p.at().compareTo(q.at()));
    List<Ev> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(7));

    var inOrder = empty();
    for (Ev ev : sorted) {
      inOrder = inOrder.apply(S, ev.at(), ev.w(), ev.e(), ev.w() > 0 ? ev.tags() : List.of());
    }
    var outOfOrder = empty();
    for (Ev ev : shuffled) {
      outOfOrder = outOfOrder.apply(S, ev.at(), ev.w(), ev.e(), ev.w() > 0 ? ev.tags() : List.of());
    }
    assertSameState(inOrder, outOfOrder);
    var now = T0.plus(Duration.ofDays(12));
    assertThat(outOfOrder.queryVector(S, now)).containsExactly(inOrder.queryVector(S, now), within(1e-5f));
  }

  private static void assertSameState(InterestState expected, InterestState actual) {
    assertThat(actual.horizons()).hasSameSizeAs(expected.horizons());
    for (int i = 0; i < expected.horizons().size(); i++) {
      var e = expected.horizons().get(i);
      var a = actual.horizons().get(i);
      assertThat(a.asOfEpochMilli()).isEqualTo(e.asOfEpochMilli());
      assertThat(a.vector()).containsExactly(e.vector(), within(1e-5f));
    }
    assertThat(actual.tagsAsOfEpochMilli()).isEqualTo(expected.tagsAsOfEpochMilli());
    assertThat(actual.tagWeights().keySet()).isEqualTo(expected.tagWeights().keySet());
    expected.tagWeights().forEach((tag, w) -> assertThat(actual.tagWeights().get(tag)).isCloseTo(w, within(1e-5)));
  }

  @Test
  void negativeWeightsPushAway() {
    float[] liked = {1, 0.2f, 0};
    float[] disliked = {0.6f, 0.8f, 0};
    var state = empty().apply(S, T0, 3.0, liked, List.of());
    var t1 = T0.plusSeconds(60);
    double before = VectorMath.dot(state.queryVector(S, t1), disliked);
    var after = state.apply(S, t1, -3.0, disliked, List.of());
    assertThat(VectorMath.dot(after.queryVector(S, t1), disliked)).isLessThan(before);

    var onlyDislike = empty().apply(S, T0, EventWeights.defaults().weightOf(EventType.DISLIKE, null), disliked, List.of());
    assertThat(VectorMath.dot(onlyDislike.queryVector(S, T0), disliked)).isNegative();
  }

  @Test
  void infiniteHalfLifeNeverDecays() {
    var never = new InterestSettings(
        1, List.of(new HorizonSettings("forever", Decay.NEVER, 1.0)), EventWeights.defaults(), Decay.NEVER, 0.01, 10);
    var state = InterestState.empty(never).apply(never, T0, 2.0, X, List.of("a"));
    var muchLater = T0.plus(Duration.ofDays(365 * 100));
    assertThat(state.horizonsAsOf(never, muchLater).get(0).norm()).isEqualTo(2.0);
    assertThat(state.topTags(never, muchLater, 1)).containsExactly(new TagWeight("a", 2.0));
    var folded = state.apply(never, muchLater, 1.0, X, List.of("a"));
    assertThat(folded.horizons().get(0).vector()[0]).isEqualTo(3.0f);
    assertThat(folded.tagWeights()).containsEntry("a", 3.0);
  }

  @Test
  void queryVectorIsUnitLength() {
    var state = empty()
        .apply(S, T0, 5.0, new float[] {3, 4, 0}, List.of())
        .apply(S, T0.plus(Duration.ofHours(2)), 1.0, new float[] {0.1f, 0.2f, 7}, List.of());
    for (var now : List.of(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(400)))) {
      assertThat(VectorMath.norm(state.queryVector(S, now))).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void queryBeforeTheStateIsReadAsTheStateInstant() {
    var state = empty().apply(S, T0, 1.0, new float[] {3, 4, 0}, List.of());
    assertThat(state.queryVector(S, T0.minusSeconds(3600))).containsExactly(state.queryVector(S, T0));
  }

  @Test
  void asOfKeepsQueryDirectionAndDropsFadedTags() {
    var state = empty()
        .apply(S, T0, 3.0, X, List.of("strong"))
        .apply(S, T0.plus(Duration.ofHours(1)), 0.015, Y, List.of("faint"))
        .apply(S, T0.plus(Duration.ofHours(2)), 1.0, new float[] {0, 0.5f, 0.5f}, List.of());
    assertThat(state.tagWeights()).containsKeys("strong", "faint");

    var now = T0.plus(Duration.ofDays(30));
    var ticked = state.asOf(S, now);
    assertThat(ticked.queryVector(S, now)).containsExactly(state.queryVector(S, now), within(1e-6f));
    // The long horizon is re-materialised at now; the short one (2^-120 after 30 days) is past float precision
    // and stays exactly as it was.
    assertThat(ticked.horizons().get(1).asOfEpochMilli()).isEqualTo(now.toEpochMilli());
    assertThat(ticked.horizons().get(0)).isEqualTo(state.horizons().get(0));
    assertThat(ticked.tagsAsOfEpochMilli()).isEqualTo(now.toEpochMilli());
    assertThat(ticked.tagWeights()).containsOnlyKeys("strong");
    assertThat(ticked.tagWeights().get("strong")).isCloseTo(3.0 * Math.pow(0.5, 30.0 * 24 / 720), within(1e-9));
    for (int i = 0; i < 2; i++) {
      assertThat(ticked.horizonsAsOf(S, now).get(i).norm())
          .isCloseTo(state.horizonsAsOf(S, now).get(i).norm(), within(1e-6));
    }
    // Ticking is a no-op when nothing has aged.
    assertThat(ticked.asOf(S, now)).isEqualTo(ticked);
  }

  @Test
  void mixSelectsHorizons() {
    var longOnly = S.withHorizons(List.of(
        new HorizonSettings("short", Duration.ofHours(6), 0.0),
        new HorizonSettings("long", Duration.ofDays(30), 1.0)));
    var shortOnly = S.withHorizons(List.of(
        new HorizonSettings("short", Duration.ofHours(6), 1.0),
        new HorizonSettings("long", Duration.ofDays(30), 0.0)));
    // Ten old events on X, one fresh on Y: the short horizon has forgotten X, the long one has not.
    var state = empty();
    for (int i = 0; i < 10; i++) {
      state = state.apply(S, T0.plus(Duration.ofMinutes(i)), 1.0, X, List.of());
    }
    var now = T0.plus(Duration.ofDays(5));
    state = state.apply(S, now.minusSeconds(60), 1.0, Y, List.of());

    float[] longQ = state.queryVector(longOnly, now);
    float[] shortQ = state.queryVector(shortOnly, now);
    float[] mixedQ = state.queryVector(S, now);
    float[] expectedLong = VectorMath.normalized(state.asOf(S, now).horizons().get(1).vector());
    float[] expectedShort = VectorMath.normalized(state.asOf(S, now).horizons().get(0).vector());
    assertThat(longQ).containsExactly(expectedLong, within(1e-6f));
    assertThat(shortQ).containsExactly(expectedShort, within(1e-6f));
    assertThat(longQ[0]).isGreaterThan(longQ[1]);
    assertThat(shortQ[1]).isGreaterThan(0.999f);
    assertThat(mixedQ[1]).isBetween(longQ[1], shortQ[1]);
  }

  @Test
  void firstItemVectorSetsTheDimension() {
    var d384 = empty().apply(S, T0, 1.0, new float[384], List.of());
    var d512 = empty().apply(S, T0, 1.0, new float[512], List.of());
    assertThat(d384.dimension()).isEqualTo(384);
    assertThat(d512.horizons()).allSatisfy(h -> assertThat(h.vector()).hasSize(512));
    assertThatThrownBy(() -> d384.apply(S, T0, 1.0, new float[512], List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512")
        .hasMessageContaining("384");
    assertThatThrownBy(() -> empty().apply(S, T0, 1.0, new float[0], List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAnItemVectorOnlyTagsChange() {
    var state = empty().apply(S, T0, 1.0, X, List.of());
    var tagged = state.apply(S, T0.plus(Duration.ofHours(1)), 2.0, null, List.of("a", "b", "a"));
    assertThat(tagged.horizons()).isEqualTo(state.horizons());
    assertThat(tagged.tagWeights()).isEqualTo(Map.of("a", 2.0, "b", 2.0));
    assertThat(tagged.isEmpty()).isFalse();
    assertThat(empty().apply(S, T0, 1.0, null, List.of("x")).isEmpty()).isFalse();
    assertThat(empty().apply(S, T0, 1.0, null, List.of("x")).queryVector(S, T0)).isEmpty();
  }

  @Test
  void applyLeavesTheOriginalUnchanged() {
    var state = empty().apply(S, T0, 1.0, new float[] {1, 2, 3}, List.of("a"));
    var copy = new InterestState(state.horizons(), state.tagWeights(), state.tagsAsOfEpochMilli());
    state.apply(S, T0.plusSeconds(10), 5.0, new float[] {3, 2, 1}, List.of("a", "b"));
    state.apply(S, T0.minusSeconds(10), 5.0, new float[] {3, 2, 1}, List.of("a", "b"));
    state.asOf(S, T0.plus(Duration.ofDays(1)));
    assertThat(state).isEqualTo(copy);
    assertThat(state.horizons().get(0).vector()).containsExactly(1, 2, 3);
  }

  @Test
  void tagsBeyondMaxDropTheWeakest() {
    var s = new InterestSettings(1, S.horizons(), S.weights(), Duration.ofDays(30), 0.01, 3);
    var state = InterestState.empty(s)
        .apply(s, T0, 5.0, null, List.of("a"))
        .apply(s, T0, 1.0, null, List.of("b"))
        .apply(s, T0, 3.0, null, List.of("c"))
        .apply(s, T0, -4.0, null, List.of("d"));
    assertThat(state.tagWeights()).containsOnlyKeys("a", "c", "d");
    var more = state.apply(s, T0, 3.5, null, List.of("e", "f"));
    assertThat(more.tagWeights()).containsOnlyKeys("a", "d", "e");
    assertThat(more.topTags(s, T0, 10)).extracting(TagWeight::tag).containsExactly("a", "e");
  }

  @Test
  void topTagsArePositiveDescendingAndLimited() {
    var state = empty()
        .apply(S, T0, 1.0, null, List.of("a", "b"))
        .apply(S, T0, 2.0, null, List.of("b"))
        .apply(S, T0, -3.0, null, List.of("c"))
        .apply(S, T0, 0.5, null, List.of("d"));
    assertThat(state.topTags(S, T0, 10)).containsExactly(
        new TagWeight("b", 3.0), new TagWeight("a", 1.0), new TagWeight("d", 0.5));
    assertThat(state.topTags(S, T0, 1)).containsExactly(new TagWeight("b", 3.0));
    assertThat(state.topTags(S, T0, 0)).isEmpty();
  }

  @Test
  void settingsWithAnotherHorizonCountAreRejected() {
    var state = empty().apply(S, T0, 1.0, X, List.of());
    var three = S.withHorizons(List.of(
        new HorizonSettings("a", Duration.ofHours(1), 1.0),
        new HorizonSettings("b", Duration.ofHours(2), 1.0),
        new HorizonSettings("c", Duration.ofHours(3), 1.0)));
    assertThatThrownBy(() -> state.queryVector(three, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replaying");
    assertThatThrownBy(() -> state.apply(three, T0, 1.0, X, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nonFiniteWeightsAreRejected() {
    assertThatThrownBy(() -> empty().apply(S, T0, Double.NaN, X, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
