package io.ebb.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ebb.interest.EventType;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.interest.TagWeight;
import io.ebb.interest.TimeSettings;
import io.ebb.user.UserEvent.BehaviorRecorded;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user's state is a function of (journal, serving model, instant): over random journals, random catalogs in
 * which items appear late (after events for them were recorded) and random snapshot points, the state built live
 * (each event folded as it came, with the catalog of that moment), the state recovered from a snapshot (serialised
 * as the journal plugin does) plus the tail, the state replayed from the whole journal, and the evaluator's fold
 * ({@link InterestState#apply} over the events in journal order) all answer alike.
 */
class StateReplayPropertyTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final int DIM = 4;
  private static final UserSettings LIMITS =
      new UserSettings(1000, 1000, 20, 100, 2, Duration.ofMinutes(1), Duration.ofMinutes(5));
  private static final InterestSettings SETTINGS = InterestSettings.defaults().withHorizons(List.of(
      new HorizonSettings("short", Duration.ofMinutes(30), 0.6),
      new HorizonSettings("long", Duration.ofDays(3), 0.4)));
  /** The same with time context: buckets in each event's zone, forgetting in two days, 0.4 of the query. */
  private static final InterestSettings TIMED =
      SETTINGS.withTime(new TimeSettings(Duration.ofDays(2), 0.4, ZoneOffset.UTC));
  private static final ObjectMapper SNAPSHOTS = new ObjectMapper(new CBORFactory())
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

  /** An item, its vector and tags, and the index of the first event after which the catalog knows it. */
  record CatalogItem(String id, float[] vector, List<String> tags, int knownFrom) {}

  record Journal(List<BehaviorRecorded> events, List<CatalogItem> items, int snapshotAt, long readAfterMillis) {}

  @ParameterizedTest(name = "journal of seed {0}")
  @MethodSource("seeds")
  void liveRecoveredReplayedAndEvaluatedStatesAgree(long seed) throws Exception {
    Journal j = journal(seed);
    check(j, SETTINGS);
    check(j, TIMED);
  }

  private static void check(Journal j, InterestSettings settings) throws Exception {
    Instant now = latest(j.events()).plusMillis(j.readAfterMillis());

    UserState live = UserState.empty(settings);
    UserState recovered = null;
    for (int i = 0; i < j.events().size(); i++) {
      live = live.apply(j.events().get(i), settings, features(j, i, j.events().get(i).itemId()), LIMITS, lookupAt(j, i));
      if (i == j.snapshotAt()) {
        recovered = SNAPSHOTS.readValue(SNAPSHOTS.writeValueAsBytes(live), UserState.class);
      }
    }
    if (recovered == null) {
      recovered = SNAPSHOTS.readValue(SNAPSHOTS.writeValueAsBytes(UserState.empty(settings)), UserState.class);
    }
    // Recovery: the tail after the snapshot, folded with today's catalog (every item known).
    ItemLookup all = lookupAt(j, Integer.MAX_VALUE);
    for (int i = j.snapshotAt() + 1; i < j.events().size(); i++) {
      recovered = recovered.apply(j.events().get(i), settings, all.find(j.events().get(i).itemId()).orElse(null), LIMITS, all);
    }
    UserState replayed = UserState.empty(settings);
    for (BehaviorRecorded e : j.events()) {
      replayed = replayed.apply(e, settings, all.find(e.itemId()).orElse(null), LIMITS, all);
    }
    InterestState evaluated = InterestState.empty(settings);
    String latestZone = null; // as the evaluator reads a query's zone: that of the latest event with any context
    for (BehaviorRecorded e : j.events()) {
      CatalogItem item = item(j, e.itemId());
      evaluated = evaluated.apply(settings, e.timestamp(), settings.weights().weightOf(e.type(), e.value()),
          item.vector(), item.tags(), settings.time().zone(e.context().get("tz")));
      latestZone = e.context().isEmpty() ? latestZone : e.context().get("tz");
    }
    java.time.ZoneId queryZone = settings.time().zone(latestZone);

    UserInterests expected = replayed.view("u", settings, now, 20, all);
    for (UserInterests actual : List.of(live.view("u", settings, now, 20, all),
        recovered.view("u", settings, now, 20, all))) {
      assertAgree(actual, expected);
    }
    assertThat(expected.queryVector()).containsExactly(evaluated.queryVector(settings, now, queryZone), within(1e-4f));
    assertThat(settings.time().isOn() && evaluated.dimension() > 0).isEqualTo(expected.time() != null);
    assertTagsAgree(expected.topTags(), evaluated.topTags(settings, now, 20), j.events().size());
  }

  /**
   * Tag weights agree within {@code tagFloor} per event: the fold drops a tag whose weight falls below the floor,
   * and whether it fell below depends on the order events were folded in (a pending event is folded late), so each
   * event can move a weight by at most one floor. Vectors have no floor and agree to float rounding.
   */
  private static void assertTagsAgree(List<TagWeight> actual, List<TagWeight> expected, int events) {
    double tolerance = SETTINGS.tagFloor() * events;
    Map<String, Double> a = new HashMap<>();
    actual.forEach(t -> a.put(t.tag(), t.weight()));
    Map<String, Double> e = new HashMap<>();
    expected.forEach(t -> e.put(t.tag(), t.weight()));
    for (String tag : union(a, e)) {
      assertThat(a.getOrDefault(tag, 0.0)).as("tag %s", tag).isCloseTo(e.getOrDefault(tag, 0.0), within(tolerance));
    }
  }

  private static java.util.Set<String> union(Map<String, Double> a, Map<String, Double> b) {
    java.util.Set<String> out = new java.util.HashSet<>(a.keySet());
    out.addAll(b.keySet());
    return out;
  }

  private static void assertAgree(UserInterests actual, UserInterests expected) {
    assertThat(actual.eventCount()).isEqualTo(expected.eventCount());
    assertThat(actual.lastEventAt()).isEqualTo(expected.lastEventAt());
    assertThat(actual.consumed()).isEqualTo(expected.consumed());
    assertThat(actual.queryVector()).containsExactly(expected.queryVector(), within(1e-4f));
    assertTagsAgree(actual.topTags(), expected.topTags(), (int) expected.eventCount());
    for (int h = 0; h < expected.horizons().size(); h++) {
      assertThat(actual.horizons().get(h).norm())
          .isCloseTo(expected.horizons().get(h).norm(), within(1e-4 * (1 + expected.horizons().get(h).norm())));
    }
  }

  /** The catalog as it was right after event {@code i}: items whose {@code knownFrom} is at most {@code i}. */
  private static ItemLookup lookupAt(Journal j, int i) {
    return itemId -> {
      CatalogItem item = item(j, itemId);
      return item.knownFrom() <= i
          ? Optional.of(new ItemLookup.Features(item.vector(), item.tags()))
          : Optional.empty();
    };
  }

  private static ItemLookup.Features features(Journal j, int i, String itemId) {
    return lookupAt(j, i).find(itemId).orElse(null);
  }

  private static CatalogItem item(Journal j, String id) {
    return j.items().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  private static Instant latest(List<BehaviorRecorded> events) {
    return events.stream().map(BehaviorRecorded::timestamp).max(Instant::compareTo).orElse(T0);
  }

  /**
   * The journals tried: 300 fixed seeds (the same every run) and 50 drawn anew each run; a failure names its seed,
   * and {@code journal(seed)} rebuilds the journal.
   */
  static LongStream seeds() {
    return LongStream.concat(LongStream.range(0, 300), new SplittableRandom().longs(50));
  }

  /** A random journal: 1-8 items (some added to the catalog late), 1-40 events within a week, late ones too. */
  static Journal journal(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int itemCount = r.nextInt(1, 9);
    int eventCount = r.nextInt(1, 41);
    List<String> tagPool = List.of("sci-fi", "romance", "crime", "comedy");
    List<CatalogItem> items = new ArrayList<>();
    for (int k = 0; k < itemCount; k++) {
      float[] v = new float[DIM];
      do {
        for (int d = 0; d < DIM; d++) {
          v[d] = (float) (r.nextDouble() * 2 - 1);
        }
      } while (Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]) + Math.abs(v[3]) < 0.1);
      List<String> tags = new ArrayList<>();
      for (String t : tagPool) {
        if (r.nextInt(3) == 0) {
          tags.add(t);
        }
      }
      // -1: known from the start; otherwise the item is added to the catalog after that event.
      int knownFrom = r.nextInt(3) == 0 ? r.nextInt(0, eventCount + 1) : -1;
      items.add(new CatalogItem("i" + k, v, tags, knownFrom));
    }
    List<EventType> types = List.of(EventType.VIEW, EventType.CLICK, EventType.PURCHASE, EventType.DISLIKE,
        EventType.SKIP, EventType.RATE);
    List<BehaviorRecorded> events = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < eventCount; i++) {
      // Mostly forward in time, sometimes far ahead, sometimes late (before the previous event).
      t = switch (r.nextInt(6)) {
        case 0 -> Math.max(0, t - r.nextLong(Duration.ofDays(2).toMillis()));
        case 1 -> t + r.nextLong(Duration.ofDays(3).toMillis());
        default -> t + r.nextLong(Duration.ofHours(1).toMillis());
      };
      EventType type = types.get(r.nextInt(types.size()));
      Double value = type == EventType.RATE ? r.nextInt(1, 11) / 2.0 : null;
      Map<String, String> context = switch (r.nextInt(4)) {
        case 0 -> Map.of("tz", "America/New_York");
        case 1 -> Map.of("tz", "+05:30", "device", "mobile");
        case 2 -> Map.of("device", "tv"); // context without a zone: the default zone counts again
        default -> Map.of();
      };
      events.add(new BehaviorRecorded("e" + i, "i" + r.nextInt(itemCount), type, value, T0.plusMillis(t), context));
    }
    return new Journal(events, items, r.nextInt(-1, eventCount), r.nextLong(Duration.ofDays(10).toMillis()));
  }
}
