package io.ebb.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.EventType;
import io.ebb.interest.InterestSettings;
import io.ebb.user.UserEvent.BehaviorRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state's bookkeeping around the fold, on cases a replay must survive. */
class UserStateTest {

  private static final UserSettings LIMITS =
      new UserSettings(100, 100, 10, 100, 2, Duration.ofMinutes(1), Duration.ofMinutes(5));
  private static final InterestSettings SETTINGS = InterestSettings.defaults();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static BehaviorRecorded view(String eventId, String itemId, Instant at) {
    return new BehaviorRecorded(eventId, itemId, EventType.VIEW, null, at, Map.of());
  }

  @Test
  void aVectorOfAnotherItemSpaceWaitsInsteadOfBreakingTheFold() {
    // A state recovered from a snapshot of an older model (2-d here) meets the new model's 3-d vectors: recovery
    // must get through to RecoveryCompleted, where the entity rebuilds the state from the journal.
    ItemLookup newSpace = id -> Optional.of(new ItemLookup.Features(new float[] {1f, 0f, 0f}, List.of("crime")));
    UserState state = UserState.empty(SETTINGS).apply(view("e-1", "a", T0), SETTINGS, new ItemLookup.Features(new float[] {1f, 0f}, List.of()), LIMITS,
        id -> Optional.empty());

    state = state.apply(view("e-2", "b", T0.plusSeconds(60)), SETTINGS, newSpace.find("b").orElseThrow(), LIMITS, newSpace);

    UserInterests view = state.view("u", SETTINGS, T0.plusSeconds(120), 10, newSpace);
    assertThat(view.eventCount()).isEqualTo(2);
    assertThat(view.queryVector()).hasSize(2);
    assertThat(state.pending()).extracting(PendingEvent::itemId).containsExactly("b");
  }

  @Test
  void aPendingEventIsFoldedAtItsOwnInstantOnceItsItemIsKnown() {
    ItemLookup none = id -> Optional.empty();
    UserState state = UserState.empty(SETTINGS).apply(view("e-1", "late", T0), SETTINGS, null, LIMITS, none);
    assertThat(state.view("u", SETTINGS, T0, 10, none).queryVector()).isEmpty();

    ItemLookup known = id -> Optional.of(new ItemLookup.Features(new float[] {0f, 1f}, List.of("romance")));
    UserInterests view = state.view("u", SETTINGS, T0.plus(Duration.ofHours(6)), 10, known);

    assertThat(view.queryVector()).containsExactly(0f, 1f);
    assertThat(view.topTags()).extracting(t -> t.tag()).containsExactly("romance");
    // One half-life of the tag map (30 d) has not passed: the weight is about 1, decayed from the event's instant.
    assertThat(view.topTags().get(0).weight()).isLessThan(1.0).isGreaterThan(0.99);
  }

  @Test
  void theEmptyStateIsATemplateThatFoldingNeverChanges() {
    // Pekko starts every recovery of an entity, also the one after a failed write, from the one empty state it was
    // given: events folded into it in place would come back although the journal never got them.
    UserState empty = UserState.empty(SETTINGS);
    ItemLookup.Features a = new ItemLookup.Features(new float[] {1f, 0f}, List.of("crime"));

    UserState first = empty.apply(view("e-1", "a", T0), SETTINGS, a, LIMITS, id -> Optional.empty());
    UserState again = empty.apply(view("e-2", "a", T0.plusSeconds(1)), SETTINGS, a, LIMITS, id -> Optional.empty());

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.hasAccepted("e-1")).isFalse();
    assertThat(again.eventCount()).isEqualTo(1);
    assertThat(again.hasAccepted("e-1")).isFalse();
    assertThat(first.hasAccepted("e-1")).isTrue();
  }

  @Test
  void aCopyForASnapshotDoesNotChangeWhenTheStateFoldsOn() {
    ItemLookup.Features a = new ItemLookup.Features(new float[] {1f, 0f}, List.of("crime"));
    UserState state =
        UserState.empty(SETTINGS).apply(view("e-1", "a", T0), SETTINGS, a, LIMITS, id -> Optional.empty());
    UserState snapshot = state.copy();

    UserState after = state.apply(view("e-2", "b", T0.plusSeconds(1)), SETTINGS, a, LIMITS, id -> Optional.empty());

    assertThat(after).isSameAs(state);
    assertThat(snapshot.eventCount()).isEqualTo(1);
    assertThat(snapshot.consumed()).containsExactly("a");
    assertThat(snapshot.hasAccepted("e-2")).isFalse();
    assertThat(state.consumed()).containsExactly("a", "b");
  }
}
