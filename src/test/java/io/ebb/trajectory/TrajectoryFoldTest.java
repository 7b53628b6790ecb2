package io.ebb.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ebb.interest.EventType;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.StatedSettings;
import io.ebb.trajectory.Trajectory.Point;
import io.ebb.user.ItemLookup;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.CapturedTopic;
import io.ebb.user.UserEvent.InterestsCaptured;
import io.ebb.user.UserEvent.UserForgotten;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The trajectory fold checked by hand: default settings (short 6 h, long 30 d, tags 30 d), weights view 1 and
 * like 3, and two orthogonal unit items, so every norm is a sum of powers of one half.
 */
class TrajectoryFoldTest {

  private static final InterestSettings SETTINGS =
      InterestSettings.defaults().withStated(new StatedSettings(Duration.ofDays(3), 0.0));
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  private static final ItemLookup ITEMS = itemId -> switch (itemId) {
    case "a" -> Optional.of(new ItemLookup.Features(new float[] {1, 0}, List.of("x")));
    case "b" -> Optional.of(new ItemLookup.Features(new float[] {0, 1}, List.of("y")));
    default -> Optional.empty();
  };

  private static BehaviorRecorded event(String id, String item, EventType type, Instant at) {
    return new BehaviorRecorded(id, item, type, null, at, Map.of("device", "mobile"));
  }

  private static TrajectoryQuery window(Instant from, Instant to, int points) {
    return new TrajectoryQuery(Optional.of(from), Optional.of(to), points, 5);
  }

  private static Trajectory replay(List<?> journal, TrajectoryQuery query, Instant now) {
    return new TrajectoryFold(SETTINGS, ITEMS).replay(journal, query, now).orElseThrow();
  }

  @Test
  void eachPointHoldsTheEventsUpToItsInstantDecayedToIt() {
    List<Object> journal = List.of(
        event("e1", "a", EventType.VIEW, T0),
        event("e2", "b", EventType.LIKE, T0.plus(SIX_HOURS)));
    Trajectory t = replay(journal, window(T0, T0.plus(Duration.ofHours(12)), 3), T0.plus(Duration.ofDays(1)));

    assertThat(t.horizons()).extracting(Trajectory.Horizon::name).containsExactly("short", "long", "stated");
    assertThat(t.points()).extracting(Point::at)
        .containsExactly(T0, T0.plus(SIX_HOURS), T0.plus(Duration.ofHours(12)));
    // At T0 only the view: norm 1 in both horizons.
    assertThat(t.points().get(0).horizons().get("short")).isCloseTo(1.0, within(1e-6));
    assertThat(t.points().get(0).horizons().get("long")).isCloseTo(1.0, within(1e-6));
    // Six hours on the view has halved in the short horizon, the like (3, orthogonal) is fresh: √(0.5² + 3²).
    assertThat(t.points().get(1).horizons().get("short")).isCloseTo(Math.sqrt(0.25 + 9), within(1e-5));
    // Six more hours halve the whole short vector.
    assertThat(t.points().get(2).horizons().get("short")).isCloseTo(Math.sqrt(0.25 + 9) / 2, within(1e-5));
    double longDecay = Math.pow(0.5, 6.0 / (30 * 24));
    assertThat(t.points().get(2).horizons().get("long"))
        .isCloseTo(Math.sqrt(Math.pow(longDecay * longDecay, 2) + Math.pow(3 * longDecay, 2)), within(1e-5));
    assertThat(t.points()).extracting(Point::events).containsExactly(1, 1, 0);
    assertThat(t.points()).extracting(p -> p.horizons().get("stated")).containsOnly(0.0);
    assertThat(t.eventCount()).isEqualTo(2);
    assertThat(t.firstEventAt()).isEqualTo(T0);
    assertThat(t.lastEventAt()).isEqualTo(T0.plus(SIX_HOURS));
  }

  @Test
  void theStrongestTagsOverTheWindowAreFollowedStrongestFirst() {
    List<Object> journal = List.of(
        event("e1", "a", EventType.VIEW, T0),
        event("e2", "b", EventType.LIKE, T0.plus(SIX_HOURS)));
    Trajectory t = replay(journal, window(T0, T0.plus(Duration.ofHours(12)), 3), T0);

    assertThat(t.tags()).containsExactly("y", "x");
    assertThat(t.points().get(0).tags()).containsEntry("x", 1.0).containsEntry("y", 0.0);
    double sixHoursOfTags = Math.pow(0.5, 6.0 / (30 * 24));
    assertThat(t.points().get(1).tags().get("x")).isCloseTo(sixHoursOfTags, within(1e-9));
    assertThat(t.points().get(1).tags().get("y")).isCloseTo(3.0, within(1e-9));

    TrajectoryQuery oneTag = new TrajectoryQuery(Optional.of(T0), Optional.of(T0.plusSeconds(3600)), 2, 1);
    assertThat(replay(journal, oneTag, T0).tags()).as("y has not happened by the window's end").containsExactly("x");
  }

  @Test
  void instantsAfterNowAreTheProjectedFadeAndOneInstantIsNow() {
    List<Object> journal = List.of(event("e1", "a", EventType.VIEW, T0));
    Instant now = T0.plus(Duration.ofHours(5)).plusSeconds(17);
    Trajectory t = replay(journal, window(T0, T0.plus(Duration.ofHours(24)), 5), now);

    assertThat(t.points()).extracting(Point::at)
        .containsExactly(T0, now, T0.plus(Duration.ofHours(12)), T0.plus(Duration.ofHours(18)),
            T0.plus(Duration.ofHours(24)));
    assertThat(t.points()).extracting(Point::projected).containsExactly(false, false, true, true, true);
    assertThat(t.points().get(4).horizons().get("short")).isCloseTo(1.0 / 16, within(1e-6));
  }

  @Test
  void theDefaultWindowRunsFromTheFirstEventToAWeekAfterNow() {
    Instant now = T0.plus(Duration.ofDays(2));
    List<Object> journal = List.of(
        event("e1", "a", EventType.VIEW, T0.plus(SIX_HOURS)), event("e0", "b", EventType.VIEW, T0));
    Trajectory t = new TrajectoryFold(SETTINGS, ITEMS).replay(journal, TrajectoryQuery.DEFAULT, now).orElseThrow();

    assertThat(t.from()).isEqualTo(T0);
    assertThat(t.to()).isEqualTo(now.plus(Duration.ofDays(7)));
    assertThat(t.points()).hasSize(TrajectoryQuery.DEFAULT_POINTS);
    assertThat(t.points()).extracting(Point::at).contains(now).isSorted();
    assertThat(t.events()).extracting(Trajectory.Event::eventId).as("oldest first").containsExactly("e0", "e1");
  }

  @Test
  void anEventJournalledLateCountsFromItsOwnInstant() {
    // e2 happened before e1 but reached the journal after it: the point between them already holds it.
    List<Object> journal = List.of(
        event("e1", "a", EventType.VIEW, T0.plus(Duration.ofHours(12))),
        event("e2", "b", EventType.VIEW, T0));
    Trajectory t = replay(journal, window(T0, T0.plus(Duration.ofHours(12)), 3), T0.plus(Duration.ofDays(1)));

    assertThat(t.points().get(1).horizons().get("short")).isCloseTo(0.5, within(1e-6));
    assertThat(t.points().get(1).tags()).containsOnlyKeys("y", "x").containsEntry("x", 0.0);
    assertThat(t.points().get(2).horizons().get("short")).isCloseTo(Math.sqrt(1 + 0.0625), within(1e-6));
  }

  @Test
  void anItemTheCatalogDoesNotKnowAddsNothingButIsListed() {
    List<Object> journal = List.of(
        event("e1", "a", EventType.VIEW, T0), event("e2", "unknown", EventType.PURCHASE, T0.plusSeconds(60)));
    Trajectory t = replay(journal, window(T0, T0.plusSeconds(120), 2), T0.plusSeconds(120));

    assertThat(t.points().get(1).horizons().get("long")).isCloseTo(1.0, within(1e-4));
    assertThat(t.eventCount()).isEqualTo(2);
    assertThat(t.events()).extracting(Trajectory.Event::itemId).containsExactly("a", "unknown");
    assertThat(t.events().get(1).weight()).isEqualTo(5.0);
    assertThat(t.events().get(1).context()).containsEntry("device", "mobile");
  }

  @Test
  void nothingBeforeTheLastForgettingCounts() {
    List<Object> journal = List.of(
        event("e1", "a", EventType.LIKE, T0), new UserForgotten(T0.plusSeconds(1)),
        event("e2", "b", EventType.VIEW, T0.plusSeconds(2)));
    Trajectory t = replay(journal, window(T0, T0.plusSeconds(2), 2), T0.plusSeconds(2));

    assertThat(t.eventCount()).isEqualTo(1);
    assertThat(t.tags()).containsExactly("y");
    assertThat(t.points().get(1).horizons().get("long")).isCloseTo(1.0, within(1e-6));
    assertThat(new TrajectoryFold(SETTINGS, ITEMS)
        .replay(List.of(event("e1", "a", EventType.LIKE, T0), new UserForgotten(T0)), TrajectoryQuery.DEFAULT, T0))
        .isEmpty();
  }

  @Test
  void aCaptureOfStatedInterestsRisesInTheStatedHorizonAndFadesAtItsHalfLife() {
    CapturedTopic topic = new CapturedTopic("space opera", 1.0, "long", new float[] {0, 2});
    List<Object> journal = List.of(
        event("e1", "a", EventType.VIEW, T0),
        new InterestsCaptured(T0.plusSeconds(60), List.of(topic), "likes space", "summary", "1"));
    Instant end = T0.plusSeconds(60).plus(Duration.ofDays(3));
    Trajectory t = replay(journal, window(T0.plusSeconds(60), end, 2), T0);

    assertThat(t.points().get(0).horizons().get("stated")).isCloseTo(2.0, within(1e-6));
    assertThat(t.points().get(1).horizons().get("stated")).isCloseTo(1.0, within(1e-6));
    assertThat(t.eventCount()).as("a capture is not a behaviour event").isEqualTo(1);
  }

  @Test
  void aJournalWithoutBehaviourHasNoTrajectory() {
    assertThat(new TrajectoryFold(SETTINGS, ITEMS).replay(List.of(), TrajectoryQuery.DEFAULT, T0)).isEmpty();
  }

  @Test
  void nowTakesThePlaceOfTheNearestInstantBetweenTheEnds() {
    var w = new TrajectoryQuery.Window(T0, T0.plus(Duration.ofDays(2)));
    Instant now = T0.plusSeconds(60);
    assertThat(TrajectoryFold.instants(w, 3, now)).containsExactly(T0, now, w.to());
    assertThat(TrajectoryFold.instants(w, 2, now)).as("no instant between the ends").containsExactly(T0, w.to());
    Instant late = w.to().minusSeconds(1);
    assertThat(TrajectoryFold.instants(w, 5, late)).hasSize(5).endsWith(late, w.to());
  }

  @Test
  void aWindowShorterThanItsPointsHasOneInstantPerMillisecond() {
    var w = new TrajectoryQuery.Window(T0, T0.plusMillis(3));
    assertThat(TrajectoryFold.instants(w, 10, T0.minusSeconds(1))).hasSize(4).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void outOfRangeQueriesNameTheirField() {
    assertThatThrownBy(() -> new TrajectoryQuery(Optional.empty(), Optional.empty(), 1, 5))
        .isInstanceOfSatisfying(TrajectoryQuery.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("points"));
    assertThatThrownBy(() -> new TrajectoryQuery(Optional.empty(), Optional.empty(), 501, 5))
        .isInstanceOfSatisfying(TrajectoryQuery.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("points"));
    assertThatThrownBy(() -> new TrajectoryQuery(Optional.empty(), Optional.empty(), 10, 21))
        .isInstanceOfSatisfying(TrajectoryQuery.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("tags"));
    assertThatThrownBy(() -> new TrajectoryQuery(Optional.of(Instant.parse("1969-12-31T00:00:00Z")),
        Optional.empty(), 10, 5))
        .isInstanceOfSatisfying(TrajectoryQuery.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("from"));

    List<Object> journal = List.of(event("e1", "a", EventType.VIEW, T0));
    assertThatThrownBy(() -> replay(journal, window(T0, T0, 10), T0))
        .isInstanceOfSatisfying(TrajectoryQuery.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("to"));
    assertThatThrownBy(() -> replay(journal, window(T0, T0.plus(Duration.ofDays(400)), 10), T0))
        .isInstanceOfSatisfying(TrajectoryQuery.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("to"));
    var beforeFirst = new TrajectoryQuery(Optional.empty(), Optional.of(T0.minusSeconds(1)), 10, 5);
    assertThatThrownBy(() -> replay(journal, beforeFirst, T0))
        .isInstanceOfSatisfying(TrajectoryQuery.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("to"));
  }
}
