package io.ebb.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebb.interest.EventType;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.StatedSettings;
import io.ebb.interest.StatedTopic;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserCommand.RecordBehavior;
import io.ebb.user.UserCommand.Recorded;
import io.ebb.user.UserCommand.Tick;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.CapturedTopic;
import io.ebb.user.UserEvent.InterestsCaptured;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stated interests in the entity: when it asks (every N events, on an idle tick), that the answer is journalled
 * and shown but not counted as behaviour, that a failing capture changes nothing about recording events, and that
 * a journal with captures replays to the same state with no capture reachable.
 */
class StatedCaptureTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final float[] SCI_FI = {1, 0, 0};
  private static final float[] ROMANCE = {0, 1, 0};
  private static final Map<String, ItemLookup.Features> ITEMS =
      Map.of("dune", new ItemLookup.Features(SCI_FI, List.of("sci-fi")),
          "amelie", new ItemLookup.Features(ROMANCE, List.of("romance")));
  private static final InterestSettings SETTINGS =
      InterestSettings.defaults().withStated(new StatedSettings(Duration.ofDays(3), 0.5));

  private static ActorTestKit testKit;

  @BeforeAll
  static void startTestKit() {
    testKit = EntityTestKits.create();
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  /** A capture port that answers from a script: a fixed topic, or a failure; records what it was asked. */
  private static final class ScriptedCapture implements InterestCapture {
    final int every;
    final Duration idle;
    volatile boolean failing;
    final List<Input> asked = new CopyOnWriteArrayList<>();

    ScriptedCapture(int every, Duration idle) {
      this.every = every;
      this.idle = idle;
    }

    @Override
    public int captureEvery() {
      return every;
    }

    @Override
    public Duration idleAfter() {
      return idle;
    }

    @Override
    public Duration retryAfter() {
      return Duration.ZERO;
    }

    @Override
    public CompletionStage<InterestsCaptured> capture(String userId, Input input) {
      asked.add(input);
      if (failing) {
        return CompletableFuture.failedFuture(new IllegalStateException("model down"));
      }
      return CompletableFuture.completedFuture(
          new InterestsCaptured(
              input.now(),
              List.of(new CapturedTopic("romantic comedies", 0.8, "short", ROMANCE)),
              "Lately romance",
              "scripted/1",
              "v1"));
    }
  }

  private static final class MutableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(NOW);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private static EventSourcedBehaviorTestKit<UserCommand, UserEvent, UserState> entity(
      String userId, InterestCapture capture, Clock clock) {
    var settings = new UserSettings(100, 100, 10, 1000, 2, Duration.ofHours(1), Duration.ofMinutes(5));
    var deps =
        new UserInterest.Dependencies(
                settings,
                () -> SETTINGS,
                itemId -> Optional.ofNullable(ITEMS.get(itemId)),
                clock,
                persistenceId -> CompletableFuture.completedFuture(Done.getInstance()))
            .withCapture(capture);
    return EventSourcedBehaviorTestKit.create(testKit.system(), UserInterest.create(userId, deps));
  }

  private static StatusReply<Recorded> record(
      EventSourcedBehaviorTestKit<UserCommand, UserEvent, UserState> kit, String id, String item) {
    var event = new BehaviorRecorded(id, item, EventType.VIEW, null, NOW, Map.of("device", "mobile"));
    return kit.<StatusReply<Recorded>>runCommand(replyTo -> new RecordBehavior(event, replyTo)).reply();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void everyNEventsTheAnswerIsJournalledShownAndNotCountedAsBehaviour() throws Exception {
    var capture = new ScriptedCapture(2, Duration.ofDays(1));
    var kit = entity("u-every", capture, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(record(kit, "e1", "dune").isSuccess()).isTrue();
    assertThat(capture.asked).isEmpty();
    assertThat(record(kit, "e2", "amelie").isSuccess()).isTrue();
    await(() -> kit.getState().eventsSinceCapture() == 0);

    assertThat(capture.asked).hasSize(1);
    InterestCapture.Input input = capture.asked.get(0);
    assertThat(input.recent()).extracting(RecentEvent::itemId).containsExactly("dune", "amelie");
    assertThat(input.context()).containsEntry("device", "mobile");
    UserInterests view = kit.<UserInterests>runCommand(GetInterests::new).reply();
    assertThat(view.eventCount()).isEqualTo(2);
    assertThat(view.statedInterests()).containsExactly(new StatedTopic("romantic comedies", 0.8));
    assertThat(view.summary()).isEqualTo("Lately romance");
  }

  @Test
  void aFailingCaptureNeitherBlocksEventsNorRecordsAnything() throws Exception {
    var capture = new ScriptedCapture(1, Duration.ofDays(1));
    capture.failing = true;
    var kit = entity("u-failing", capture, Clock.fixed(NOW, ZoneOffset.UTC));

    for (int i = 0; i < 5; i++) {
      assertThat(record(kit, "e" + i, i % 2 == 0 ? "dune" : "amelie").isSuccess()).isTrue();
    }

    await(() -> capture.asked.size() >= 5);
    UserInterests view = kit.<UserInterests>runCommand(GetInterests::new).reply();
    assertThat(view.eventCount()).isEqualTo(5);
    assertThat(view.statedInterests()).isEmpty();
    assertThat(kit.getState().eventsSinceCapture()).isEqualTo(5);
  }

  @Test
  void anIdleSessionIsCapturedOnATickAndReplaysWithNoCaptureReachable() throws Exception {
    var clock = new MutableClock();
    var capture = new ScriptedCapture(0, Duration.ofMinutes(5));
    var kit = entity("u-idle", capture, clock);
    record(kit, "e1", "dune");
    record(kit, "e2", "amelie");

    kit.runCommand(Tick.INSTANCE);
    assertThat(capture.asked).as("not idle yet").isEmpty();
    clock.now.set(NOW.plus(Duration.ofMinutes(6)));
    kit.runCommand(Tick.INSTANCE);
    await(() -> kit.getState().eventsSinceCapture() == 0);
    kit.runCommand(Tick.INSTANCE);
    assertThat(capture.asked).as("nothing new since the capture").hasSize(1);

    capture.failing = true; // the model is gone: a replay must not need it
    UserInterests before = kit.<UserInterests>runCommand(GetInterests::new).reply();
    kit.restart();
    UserInterests after = kit.<UserInterests>runCommand(GetInterests::new).reply();
    assertThat(after.eventCount()).isEqualTo(2);
    assertThat(after.statedInterests()).isEqualTo(before.statedInterests()).isNotEmpty();
    assertThat(after.summary()).isEqualTo("Lately romance");
    // ticks re-materialised the state before the restart; the replayed fold gives the same query up to rounding
    assertThat(after.queryVector()).containsExactly(before.queryVector(), within(1e-6f));
    assertThat(before.queryVector()[1]).as("the stated romance share is in the query").isGreaterThan(0.5f);
  }
}
