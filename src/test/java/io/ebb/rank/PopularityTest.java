package io.ebb.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebb.testing.TestCassandra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Popularity over the real counter tables, between nodes: recent counts written by one node and read by another
 * are the fading sum {@code Σ 2^(−age / halfLife)} of the events, nodes' units add up, landmarks too old are no
 * longer read, and a node's own events count at once.
 *
 * <p>Each test counts under a half-life of its own (an hour and a random number of milliseconds): the recent
 * counters are partitioned by half-life, so no other test's counts share its partitions, and the most recent-popular
 * item of a test is its own.
 */
class PopularityTest {

  private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
  /** A rounded unit is off by at most half of 1000: well within this. */
  private static final double RELATIVE = 1e-3;

  private final String run = "pop-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private Recency recency;
  private long halfLife;
  /** Three half-lives into a landmark period, so that events more than three half-lives old are in the one before. */
  private Instant now;

  @BeforeEach
  void setUp() {
    halfLife = Duration.ofHours(1).toMillis() + ThreadLocalRandom.current().nextInt(1, 1_000_000);
    recency = new Recency(Duration.ofMillis(halfLife));
    now = Instant.ofEpochMilli(recency.landmarkOf(BASE.toEpochMilli()) + 3 * halfLife);
  }

  private String id(String name) {
    return run + name;
  }

  /** A node whose clock stands at {@code at}. */
  private Popularity node(Instant at) {
    return new Popularity(TestCassandra.get().session(), recency, Clock.fixed(at, ZoneOffset.UTC));
  }

  private Instant halfLivesBefore(Instant at, double halfLives) {
    return at.minusMillis(Math.round(halfLives * halfLife));
  }

  private static void assertRelativelyClose(double actual, double expected) {
    assertThat(actual).isCloseTo(expected, within(expected * RELATIVE));
  }

  @Test
  void recentCountsWrittenByOneNodeAreTheFadingSumOnAnother() {
    String item = id("dune");
    Popularity writer = node(now);
    // 5 and 10 half-lives ago: the landmark before now's; 14: the oldest landmark read.
    for (double age : List.of(0.0, 1.0, 2.5, 5.0, 10.0, 14.0)) {
      writer.record(item, halfLivesBefore(now, age));
    }
    writer.flush();

    Popularity reader = node(now);
    reader.refresh();
    double expected = 1 + 0.5 + Math.pow(2, -2.5) + 1.0 / 32 + 1.0 / 1024 + 1.0 / 16384;
    assertRelativelyClose(reader.recent(item), expected);
    assertThat(reader.count(item)).isEqualTo(6);
    assertThat(reader.count(id("never"))).isZero();
    assertThat(reader.recent(id("never"))).isZero();

    // Exactly the number the replay computes from the same units: per landmark, oldest first.
    long current = recency.landmarkOf(now.toEpochMilli());
    long previous = current - recency.periodMillis();
    long oldest = previous - recency.periodMillis();
    long unitsOldest = recency.units(halfLivesBefore(now, 14).toEpochMilli());
    long unitsBefore = recency.units(halfLivesBefore(now, 5).toEpochMilli())
        + recency.units(halfLivesBefore(now, 10).toEpochMilli());
    long unitsNow = recency.units(now.toEpochMilli()) + recency.units(halfLivesBefore(now, 1).toEpochMilli())
        + recency.units(halfLivesBefore(now, 2.5).toEpochMilli());
    double replayed = 0;
    replayed += recency.count(unitsOldest, oldest, now.toEpochMilli());
    replayed += recency.count(unitsBefore, previous, now.toEpochMilli());
    replayed += recency.count(unitsNow, current, now.toEpochMilli());
    assertThat(reader.recent(item)).isEqualTo(replayed);

    // Refreshed two half-lives later (in the same landmark), the same events count a quarter; all-time as before.
    Popularity later = node(now.plusMillis(2 * halfLife));
    later.refresh();
    assertRelativelyClose(later.recent(item), expected / 4);
    assertThat(later.count(item)).isEqualTo(6);
  }

  @Test
  void twoNodesUnitsAddUp() {
    String item = id("heat");
    Popularity a = node(now);
    Popularity b = node(now);
    a.record(item, now);
    a.record(item, halfLivesBefore(now, 1));
    b.record(item, halfLivesBefore(now, 2));
    b.record(item, halfLivesBefore(now, 6));
    a.flush();
    b.flush();

    Popularity reader = node(now);
    reader.refresh();
    assertRelativelyClose(reader.recent(item), 1 + 0.5 + 0.25 + 1.0 / 64);
    assertThat(reader.count(item)).isEqualTo(4);

    a.refresh();
    assertThat(a.recent(item)).as("the writer, refreshed, reads the same").isEqualTo(reader.recent(item));
  }

  @Test
  void anEventOlderThanTheOldestLandmarkReadNoLongerCounts() {
    String item = id("ronin");
    long period = recency.periodMillis();
    Popularity writer = node(now);
    writer.record(item, now);
    writer.flush();

    // Two periods on, the event's landmark is the oldest still read: 16 half-lives old, it counts 2^-16.
    Popularity stillRead = node(now.plusMillis(2 * period));
    stillRead.refresh();
    assertRelativelyClose(stillRead.recent(item), Math.pow(2, -16));

    // Three periods on, its landmark is no longer read; all-time it counts as ever.
    Popularity dropped = node(now.plusMillis(3 * period));
    dropped.refresh();
    assertThat(dropped.recent(item)).isZero();
    assertThat(dropped.count(item)).isEqualTo(1);

    // A node told of an event that old counts it all-time only.
    String late = id("late");
    dropped.record(late, now);
    assertThat(dropped.recent(late)).isZero();
    assertThat(dropped.count(late)).isEqualTo(1);
  }

  @Test
  void aNodesOwnUnflushedEventCountsAtOnce() {
    String item = id("amelie");
    Popularity self = node(now);
    Popularity other = node(now);
    self.record(item, halfLivesBefore(now, 2));

    assertRelativelyClose(self.recent(item), 0.25);
    assertThat(self.count(item)).isEqualTo(1);
    self.refresh();
    assertRelativelyClose(self.recent(item), 0.25);
    other.refresh();
    assertThat(other.recent(item)).as("not flushed yet").isZero();

    self.flush();
    self.refresh();
    other.refresh();
    assertRelativelyClose(self.recent(item), 0.25);
    assertThat(other.recent(item)).isEqualTo(self.recent(item));
    assertThat(self.count(item)).as("counted once, not again once flushed").isEqualTo(1);
  }

  @Test
  void theRecentPriorIsOneForTheMostRecentlyPopularAndZeroWithoutRecentCounts() {
    String hot = id("hot");
    String warm = id("warm");
    String forgotten = id("forgotten");
    long period = recency.periodMillis();
    Instant longAgo = now.minusMillis(3 * period);
    Popularity then = node(longAgo);
    then.record(forgotten, longAgo);
    then.record(forgotten, longAgo);
    then.flush();
    Popularity writer = node(now);
    for (int i = 0; i < 3; i++) {
      writer.record(hot, now);
    }
    writer.record(warm, halfLivesBefore(now, 1));
    writer.flush();

    Popularity reader = node(now);
    reader.refresh();
    assertThat(reader.recentPrior(hot)).isEqualTo(1.0);
    assertThat(reader.recentPrior(forgotten)).isZero();
    assertThat(reader.prior(forgotten)).as("all-time it still counts").isPositive();
    assertThat(reader.recentPrior(id("never"))).isZero();
    assertThat(reader.recentPrior(warm)).isCloseTo(Math.log1p(0.5) / Math.log1p(3), within(1e-3));

    // This node's own events since the refresh outgrow the refreshed maximum: the prior stops at 1.
    for (int i = 0; i < 5; i++) {
      reader.record(warm, now);
    }
    assertThat(reader.recent(warm)).isGreaterThan(reader.recent(hot));
    assertThat(reader.recentPrior(warm)).isEqualTo(1.0);
    assertThat(reader.recentPrior(hot)).isEqualTo(1.0);
    assertThat(reader.recency()).isEqualTo(recency);
  }
}
