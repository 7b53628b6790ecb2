package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.EventType;
import io.ebb.rank.Relevance;
import io.ebb.replay.Split.Target;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.DatasetReport;
import io.ebb.replay.data.Interaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The k-core filter, the order of events and the leave-one-out and time splits, on tiny hand-made data. */
class SplitTest {

  private static Interaction rate(String user, String item, long second) {
    return new Interaction(user, item, second * 1000, EventType.RATE, 4.0);
  }

  private static Dataset dataset(List<Interaction> events) {
    List<DatasetItem> items = events.stream().map(Interaction::itemId).distinct()
        .map(id -> new DatasetItem(id, "Item " + id, "", List.of())).toList();
    return new Dataset("tiny", items, events, new DatasetReport(events.size(), 0, List.of()));
  }

  /** Five users u1..u5 who each rate items 1..5 at seconds 1..5 (in the given item order). */
  private static List<Interaction> fiveByFive() {
    List<Interaction> events = new ArrayList<>();
    for (int u = 1; u <= 5; u++) {
      for (int i = 1; i <= 5; i++) {
        events.add(rate("u" + u, String.valueOf(i), i));
      }
    }
    return events;
  }

  @Test
  void theCoreFilterRepeatsUntilEveryUserAndItemHasFive() {
    List<Interaction> events = fiveByFive();
    // u6 rates 1..4 and item 6: u6 has 5 events, but item 6 only 1. Dropping item 6 leaves u6 with 4,
    // so u6 goes in the second round, though all of u6's other items are popular.
    for (int i = 1; i <= 4; i++) {
      events.add(rate("u6", String.valueOf(i), i));
    }
    events.add(rate("u6", "6", 9));

    List<Interaction> kept = Split.coreFilter(events, 5);

    assertThat(kept).hasSize(25);
    assertThat(kept).extracting(Interaction::userId).doesNotContain("u6");
    assertThat(kept).extracting(Interaction::itemId).doesNotContain("6");
  }

  @Test
  void lastEventIsTheTestTargetAndTheOneBeforeItTheValidationTarget() {
    List<Interaction> events = fiveByFive();
    events.add(rate("u1", "6", 6)); // gives u1 six events; item 6 needs 5 users to survive, so add them
    for (int u = 2; u <= 5; u++) {
      events.add(rate("u" + u, "6", 1));
    }
    Split split = Split.of(dataset(events), Protocol.LOO);

    assertThat(split.itemCount()).isEqualTo(6);
    Target test = split.test().get(0);
    Target validation = split.validation().get(0);
    assertThat(split.users().get(test.user()).userId()).isEqualTo("u1");
    assertThat(split.itemId(test.item())).isEqualTo("6");
    assertThat(test.position()).isEqualTo(5);
    assertThat(split.itemId(validation.item())).isEqualTo("5");
    assertThat(validation.position()).isEqualTo(4);
    // training: everything but the 2 targets of each of the 5 users
    assertThat(split.training()).hasSize(events.size() - 10);
    assertThat(split.training()).noneMatch(e -> e.userId().equals("u1") && e.itemId().equals("6"));
    assertThat(split.consumedBefore(test).cardinality()).isEqualTo(5);
  }

  @Test
  void eventsAtOneInstantAreOrderedByItemIdAsNumbers() {
    List<Interaction> events = new ArrayList<>();
    // every user rates items 9, 10, 100, 2, 30 at the same second: numeric order is 2, 9, 10, 30, 100
    for (int u = 1; u <= 5; u++) {
      for (String item : List.of("9", "10", "100", "2", "30")) {
        events.add(rate("u" + u, item, 42));
      }
    }
    Split split = Split.of(dataset(events), Protocol.LOO);

    assertThat(split.itemId(split.test().get(0).item())).isEqualTo("100");
    assertThat(split.itemId(split.validation().get(0).item())).isEqualTo("30");
    int[] order = split.users().get(0).items();
    assertThat(List.of(split.itemId(order[0]), split.itemId(order[1]), split.itemId(order[2])))
        .containsExactly("2", "9", "10");
  }

  @Test
  void priorsCountEveryEventStrictlyBeforeTheTarget() {
    Split split = Split.of(dataset(fiveByFive()), Protocol.LOO);
    // test targets are item 5 at second 5: items 1..4 were each rated 5 times before, item 5 never
    float[][] priors = split.priors(split.test());
    int item4 = split.indexOf("4");
    int item5 = split.indexOf("5");

    assertThat(priors[0][item4]).isEqualTo((float) Relevance.prior(5, 5));
    assertThat(priors[0][item4]).isEqualTo(1f);
    assertThat(priors[0][item5]).isZero();
  }

  @Test
  void theTimeSplitTakesEachUsersFirstEventAfterEachCut() {
    List<Interaction> events = new ArrayList<>();
    for (int u = 1; u <= 5; u++) {
      for (int i = 1; i <= 10; i++) {
        events.add(rate("u" + u, String.valueOf(i), i * 10L + u));
      }
    }
    Split split = Split.of(dataset(events), Protocol.TIMESPLIT);

    // 50 events; the 80% cut is the 41st smallest timestamp (91, item 9), the 90% cut the 46th (101, item 10)
    assertThat(split.validation()).hasSize(5);
    assertThat(split.validation()).allMatch(t -> split.itemId(t.item()).equals("9"));
    assertThat(split.test()).hasSize(5);
    assertThat(split.test()).allMatch(t -> split.itemId(t.item()).equals("10"));
    assertThat(split.training()).allMatch(e -> e.epochMilli() < 91_000);
  }

  @Test
  void theTimeSplitTakesAtMostTenEventsPerUserAfterACutEachFromTheEventsBeforeIt() {
    List<Interaction> events = new ArrayList<>();
    for (int u = 1; u <= 20; u++) {
      for (int i = 1; i <= 10; i++) {
        events.add(rate("u" + u, String.valueOf(i), i));
      }
    }
    // u99 arrives after both cuts (at seconds 9 and 10) and rates 15 items: its first event has no history to be
    // predicted from, the next 10 are test targets, the rest are not
    for (int i = 1; i <= 15; i++) {
      events.add(rate("u99", String.valueOf(i % 5 + 1), 1000 + i));
    }
    Split split = Split.of(dataset(events), Protocol.TIMESPLIT);

    List<Target> mine = split.test().stream()
        .filter(t -> split.users().get(t.user()).userId().equals("u99"))
        .toList();
    assertThat(mine).hasSize(Protocol.TIMESPLIT_TARGETS_PER_USER);
    assertThat(mine).extracting(Target::position).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(split.validation()).noneMatch(t -> split.users().get(t.user()).userId().equals("u99"));
  }
}
