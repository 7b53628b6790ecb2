package io.ebb.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.EventType;
import io.ebb.interest.InterestSettings;
import io.ebb.user.UserCommand.Recommend;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Recommend}: the entity builds its own view (as {@code GetInterests} would, {@code at} included), hands it
 * to the node's recommender and replies with the list alone; an {@code at} before the last event is the one error
 * reply. (That an entity being rebuilt under another model hands it on is shown through sharding, in
 * {@code ModelAdoptionTest}: a bare entity cannot passivate itself.)
 */
class RecommendCommandTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Map<String, ItemLookup.Features> ITEMS =
      Map.of("dune", new ItemLookup.Features(new float[] {1, 0, 0}, List.of("sci-fi")));
  private static final BehaviorRecorded VIEWED_DUNE =
      new BehaviorRecorded("e-1", "dune", EventType.VIEW, null, NOW.minusSeconds(3600), Map.of());

  private static ActorTestKit testKit;
  /** What the recommender was last handed: the entity's view and the request. */
  private final AtomicReference<UserInterests> handedView = new AtomicReference<>();
  private final AtomicReference<RecommendRequest> handedRequest = new AtomicReference<>();
  private EventSourcedBehaviorTestKit<UserCommand, UserEvent, UserState> kit;

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
    PersistenceTestKit.create(testKit.system()).clearAll();
    var settings = new UserSettings(100, 100, 10, 1000, 2, Duration.ofMinutes(1), Duration.ofMinutes(5));
    UserInterest.Recommending recommending = (userId, user, request) -> {
      handedView.set(user);
      handedRequest.set(request);
      List<Recommendation> items = List.of(new Recommendation("alien", 0.9, List.of("similar to dune")));
      return new Recommendations(userId, items, request.now(), request.at());
    };
    var deps = new UserInterest.Dependencies(
            settings,
            InterestSettings::defaults,
            itemId -> Optional.ofNullable(ITEMS.get(itemId)),
            Clock.fixed(NOW, ZoneOffset.UTC),
            persistenceId -> CompletableFuture.completedFuture(Done.getInstance()))
        .withRecommending(recommending);
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), UserInterest.create("u-1", deps));
    assertThat(kit.<StatusReply<Recorded>>runCommand(replyTo -> new RecordBehavior(VIEWED_DUNE, replyTo)).reply()
        .isSuccess()).isTrue();
  }

  private StatusReply<Recommendations> recommend(RecommendRequest request) {
    return kit.<StatusReply<Recommendations>>runCommand(replyTo -> new Recommend(request, replyTo)).reply();
  }

  @Test
  void theEntityRanksItsOwnViewAndRepliesWithTheListOnly() {
    var request = new RecommendRequest(5, false, Set.of("x"), Map.of("device", "tv"), NOW);
    StatusReply<Recommendations> reply = recommend(request);

    assertThat(reply.isSuccess()).isTrue();
    assertThat(reply.getValue().items()).extracting(Recommendation::itemId).containsExactly("alien");
    assertThat(handedView.get().consumed()).containsExactly("dune");
    assertThat(handedView.get().asOf()).isEqualTo(NOW); // the entity's clock, as GetInterests
    assertThat(handedRequest.get()).isEqualTo(request);
    // What crosses the cluster: command and reply read back equal through the cluster's CBOR binding.
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    for (Object message : List.of(request, reply.getValue())) {
      Serializer serializer = serialization.findSerializerFor(message);
      byte[] bytes = serialization.serialize(message).get();
      Object back =
          serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
      assertThat(back).isEqualTo(message);
      assertThat(serializer.getClass().getSimpleName()).contains("Jackson");
    }
  }

  @Test
  void atIsTheInstantOfTheViewAndMustNotBeBeforeTheLastEvent() {
    Instant later = NOW.plus(Duration.ofDays(30));
    StatusReply<Recommendations> ahead = recommend(new RecommendRequest(5, false, Set.of(), Map.of(), later, later));
    assertThat(ahead.isSuccess()).isTrue();
    assertThat(ahead.getValue().at()).isEqualTo(later);
    assertThat(handedView.get().asOf()).isEqualTo(later);

    handedView.set(null);
    Instant early = NOW.minus(Duration.ofDays(1));
    StatusReply<Recommendations> tooEarly =
        recommend(new RecommendRequest(5, false, Set.of(), Map.of(), early, early));
    assertThat(tooEarly.isError()).isTrue();
    assertThat(tooEarly.getError().getMessage()).contains("before the user's last event");
    assertThat(handedView.get()).as("nothing is ranked for an instant the state cannot go back to").isNull();
  }
}
