package io.ebb.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.EventType;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.VectorMath;
import io.ebb.user.UserCommand.BatchRecorded;
import io.ebb.user.UserCommand.Forget;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserCommand.RecordBatch;
import io.ebb.user.UserCommand.RecordBehavior;
import io.ebb.user.UserCommand.Recorded;
import io.ebb.user.UserEvent.BehaviorRecorded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The entity on Pekko's in-memory journal; every command, event and state also round-trips through CBOR. */
class UserInterestTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final float[] SCI_FI = {1, 0, 0};
  private static final float[] ROMANCE = {0, 1, 0};
  private static final Map<String, ItemLookup.Features> ITEMS =
      Map.of(
          "dune", new ItemLookup.Features(SCI_FI, List.of("sci-fi")),
          "alien", new ItemLookup.Features(SCI_FI, List.of("sci-fi", "horror")),
          "amelie", new ItemLookup.Features(ROMANCE, List.of("romance")));

  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<UserCommand, UserEvent, UserState> kit;
  private UserInterest.Dependencies deps;

  @BeforeAll
  static void startTestKit() {
    testKit = EntityTestKits.create();
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newEntity() {
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    var settings = new UserSettings(3, 4, 5, 100, 2, Duration.ofMinutes(1), Duration.ofMinutes(5));
    deps =
        new UserInterest.Dependencies(
            settings,
            InterestSettings::defaults,
            itemId -> Optional.ofNullable(ITEMS.get(itemId)),
            Clock.fixed(NOW, ZoneOffset.UTC),
            persistenceId -> {
              journal.clearByPersistenceId(persistenceId);
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), UserInterest.create("u-1", deps));
  }

  private static BehaviorRecorded event(String id, String item, EventType type, Duration ago) {
    return new BehaviorRecorded(id, item, type, type == EventType.RATE ? 4.5 : null, NOW.minus(ago), Map.of("device", "mobile"));
  }

  private StatusReply<Recorded> record(BehaviorRecorded e) {
    return kit.<StatusReply<Recorded>>runCommand(replyTo -> new RecordBehavior(e, replyTo)).reply();
  }

  private UserInterests interests() {
    return kit.<UserInterests>runCommand(GetInterests::new).reply();
  }

  @Test
  void recordsAnEventAndFoldsItIntoTheInterests() {
    var result =
        kit.<StatusReply<Recorded>>runCommand(
            replyTo -> new RecordBehavior(event("e1", "dune", EventType.VIEW, Duration.ofHours(1)), replyTo));

    assertThat(result.reply().getValue()).isEqualTo(new Recorded("e1", false));
    assertThat(result.event()).isInstanceOf(BehaviorRecorded.class);
    UserInterests view = interests();
    assertThat(view.known()).isTrue();
    assertThat(view.eventCount()).isEqualTo(1);
    assertThat(view.consumed()).containsExactly("dune");
    assertThat(VectorMath.dot(view.queryVector(), SCI_FI)).isGreaterThan(0.99);
    assertThat(view.topTags()).extracting(t -> t.tag()).containsExactly("sci-fi");
    assertThat(view.recent()).extracting(RecentEvent::itemId).containsExactly("dune");
  }

  @Test
  void aResentEventIdIsAcknowledgedButNotAppliedTwice() {
    var first = event("e1", "dune", EventType.VIEW, Duration.ofHours(1));
    record(first);
    var again = kit.<StatusReply<Recorded>>runCommand(replyTo -> new RecordBehavior(first, replyTo));

    assertThat(again.reply().getValue()).isEqualTo(new Recorded("e1", true));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(interests().eventCount()).isEqualTo(1);
  }

  @Test
  void theDedupWindowAndTheConsumedSetAreBounded() {
    for (int i = 0; i < 6; i++) {
      record(event("e" + i, "item-" + i, EventType.VIEW, Duration.ofMinutes(60 - i)));
    }
    UserInterests view = interests();
    assertThat(view.eventCount()).isEqualTo(6);
    assertThat(view.consumed()).containsExactly("item-3", "item-4", "item-5"); // max 3, oldest forgotten
    // The window holds the last 4 ids: e0 fell out of it, e5 is still in.
    assertThat(record(event("e5", "item-5", EventType.VIEW, Duration.ZERO)).getValue().duplicate()).isTrue();
    assertThat(record(event("e0", "item-0", EventType.VIEW, Duration.ZERO)).getValue().duplicate()).isFalse();
  }

  @Test
  void aBatchIsPersistedInOneWriteAndSkipsDuplicates() {
    record(event("e1", "dune", EventType.VIEW, Duration.ofHours(2)));
    var batch =
        List.of(
            event("e1", "dune", EventType.VIEW, Duration.ofHours(2)),
            event("e2", "alien", EventType.CLICK, Duration.ofHours(1)),
            event("e2", "alien", EventType.CLICK, Duration.ofHours(1)),
            event("e3", "amelie", EventType.RATE, Duration.ofMinutes(5)));
    var result = kit.<StatusReply<BatchRecorded>>runCommand(replyTo -> new RecordBatch(batch, replyTo));

    assertThat(result.reply().getValue()).isEqualTo(new BatchRecorded(2, 2));
    assertThat(result.events()).hasSize(2);
    assertThat(interests().eventCount()).isEqualTo(3);
  }

  @Test
  void aRestartRecoversTheSameState() {
    record(event("e1", "dune", EventType.VIEW, Duration.ofDays(30)));
    record(event("e2", "alien", EventType.PURCHASE, Duration.ofDays(2)));
    record(event("e3", "amelie", EventType.RATE, Duration.ofHours(1)));
    record(event("e4", "unknown-item", EventType.DISLIKE, Duration.ofMinutes(1)));
    UserInterests before = interests();

    var restarted = kit.restart();

    assertThat(restarted.state()).isEqualTo(kit.getState());
    assertThat(interests()).isEqualTo(before);
  }

  @Test
  void forgettingDeletesTheJournalAndStopsTheEntity() {
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    var entity = testKit.spawn(UserInterest.create("u-forget", deps));
    var recorded = testKit.<StatusReply<Recorded>>createTestProbe();
    entity.tell(new RecordBehavior(event("e1", "dune", EventType.VIEW, Duration.ofHours(1)), recorded.getRef()));
    recorded.expectMessage(StatusReply.success(new Recorded("e1", false)));
    String persistenceId = UserInterest.persistenceId("u-forget").id();
    assertThat(journal.persistedInStorage(persistenceId)).hasSize(1);

    var forgotten = testKit.<Done>createTestProbe();
    entity.tell(new Forget(forgotten.getRef()));

    forgotten.expectMessage(Done.getInstance());
    forgotten.expectTerminated(entity);
    assertThat(journal.persistedInStorage(persistenceId)).isEmpty();
    // A new incarnation recovers from the emptied journal: an unknown user.
    var again = testKit.spawn(UserInterest.create("u-forget", deps));
    var view = testKit.<UserInterests>createTestProbe();
    again.tell(new GetInterests(view.getRef()));
    assertThat(view.receiveMessage().known()).isFalse();
  }
}
