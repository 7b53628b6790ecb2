package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stated-interest component of the fold: captured topics folded like one event, mixed in like a horizon. */
class StatedInterestTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final float[] X = {1, 0, 0};
  private static final float[] Y = {0, 1, 0};
  private static final float[] Z = {0, 0, 1};
  private static final InterestSettings OFF = InterestSettings.defaults();
  private static final InterestSettings ON = OFF.withStated(new StatedSettings(Duration.ofDays(3), 0.5));

  private static InterestState watchedX(InterestSettings s) {
    return InterestState.empty(s).apply(s, T0, 1.0, X, List.of("sci-fi"));
  }

  private static List<StatedTopic> topics(String topic, double weight) {
    return List.of(new StatedTopic(topic, weight));
  }

  @Test
  void withMixZeroACaptureIsShownButDoesNotMoveTheQuery() {
    InterestState before = watchedX(OFF);
    InterestState after = before.capture(OFF, T0.plusSeconds(60), topics("romance", 0.9), List.of(Y));

    Instant now = T0.plusSeconds(120);
    assertThat(after.queryVector(OFF, now)).containsExactly(before.queryVector(OFF, now), within(1e-7f));
    assertThat(after.statedTopics(OFF, T0.plusSeconds(60))).containsExactly(new StatedTopic("romance", 0.9));
  }

  @Test
  void withAMixTheQueryMovesTowardsTheStatedTopic() {
    InterestState captured = watchedX(ON).capture(ON, T0.plusSeconds(60), topics("romance", 0.9), List.of(Y));

    float[] q = captured.queryVector(ON, T0.plusSeconds(60));

    // short and long (X) and stated (Y) each enter with length 0.5 (one event, capped): q = (1, 0.5, 0) / norm
    assertThat(q[1]).isGreaterThan(0.4f);
    assertThat(q[0]).isGreaterThan(q[1]);
    assertThat(VectorMath.norm(q)).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void aCaptureCountsAsOneEventWhateverTheNumberOfTopics() {
    var topics = List.of(new StatedTopic("a", 1.0), new StatedTopic("b", 1.0), new StatedTopic("c", 0.5));
    InterestState s = watchedX(ON).capture(ON, T0, topics, List.of(Y, Y, Z));

    float[] stated = s.stated().vector();
    assertThat(stated[1]).isCloseTo(0.8f, within(1e-6f)); // (1 + 1) / 2.5
    assertThat(stated[2]).isCloseTo(0.2f, within(1e-6f)); // 0.5 / 2.5
  }

  @Test
  void statedWeightsHalveAfterTheStatedHalfLifeAndTheLatestCaptureIsShown() {
    InterestState s = watchedX(ON).capture(ON, T0, topics("romance", 0.8), List.of(Y));
    assertThat(s.statedTopics(ON, T0.plus(Duration.ofDays(3))))
        .singleElement()
        .satisfies(t -> assertThat(t.weight()).isCloseTo(0.4, within(1e-9)));

    InterestState later = s.capture(ON, T0.plusSeconds(3600), topics("comedy", 0.5), List.of(Z));
    assertThat(later.statedTopics(ON, T0.plusSeconds(3600))).extracting(StatedTopic::topic).containsExactly("comedy");
  }

  @Test
  void aLateCaptureFoldsToTheSameVectorAsInOrder() {
    InterestState base = watchedX(ON);
    Instant first = T0.plusSeconds(600);
    Instant second = T0.plusSeconds(7200);
    InterestState inOrder =
        base.capture(ON, first, topics("a", 1.0), List.of(Y)).capture(ON, second, topics("b", 1.0), List.of(Z));
    InterestState late =
        base.capture(ON, second, topics("b", 1.0), List.of(Z)).capture(ON, first, topics("a", 1.0), List.of(Y));

    assertThat(late.stated().vector()).containsExactly(inOrder.stated().vector(), within(1e-6f));
    // the topics shown stay those of the latest capture, whatever the order they arrived in
    assertThat(late.statedTopics(ON, second)).extracting(StatedTopic::topic).containsExactly("b");
  }

  @Test
  void aTickKeepsTheQueryDirectionWithTheStatedComponent() {
    InterestState s = watchedX(ON).capture(ON, T0.plusSeconds(60), topics("romance", 1.0), List.of(Y));
    Instant later = T0.plus(Duration.ofDays(2));

    assertThat(s.asOf(ON, later).queryVector(ON, later)).containsExactly(s.queryVector(ON, later), within(1e-6f));
  }

  @Test
  void badCapturesAreRefused() {
    InterestState s = watchedX(ON);
    assertThatThrownBy(() -> s.capture(ON, T0, topics("a", 1.5), List.of(Y)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> s.capture(ON, T0, topics("a", 0.5), List.of(new float[] {1, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension");
    assertThatThrownBy(() -> s.capture(ON, T0, topics("a", 0.5), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
