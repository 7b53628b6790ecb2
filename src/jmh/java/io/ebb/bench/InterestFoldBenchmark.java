package io.ebb.bench;

import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fold of one event into a user's interest ({@link InterestState#apply}): what every accepted event costs its
 * entity. Two horizons of 384-d vectors (the default settings); with tags, the item has three and the user already
 * has 150 (near the default cap of 200), so the tag map is copied, decayed and trimmed as in a long-lived user.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterestFoldBenchmark {

  private static final int ITEMS = 1024;

  @Param("384")
  int dimension;

  private final InterestSettings settings = InterestSettings.defaults();
  private float[][] items;
  private List<List<String>> itemTags;
  private InterestState user;
  private long at;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticVectors vectors = new SyntheticVectors(1, dimension, 50);
    SplittableRandom random = new SplittableRandom(2);
    items = new float[ITEMS][];
    itemTags = new ArrayList<>(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      items[i] = vectors.item(i);
      itemTags.add(List.of("tag-" + random.nextInt(400), "tag-" + random.nextInt(400), "tag-" + random.nextInt(400)));
    }
    at = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    user = InterestState.empty(settings);
    for (int i = 0; i < 300 && user.tagWeights().size() < 150; i++) {
      user = fold(user, itemTags.get(i % ITEMS));
    }
  }

  /** An event on an item without tags: the two horizon vectors are decayed and added to. */
  @Benchmark
  public InterestState foldVector() {
    return fold(user, List.of());
  }

  /** An event on an item with three tags: the vectors, and the tag map decayed, added to and trimmed. */
  @Benchmark
  public InterestState foldVectorAndTags() {
    return fold(user, itemTags.get(next & (ITEMS - 1)));
  }

  private InterestState fold(InterestState state, List<String> tags) {
    at += 60_000; // an event a minute: every fold decays
    return state.apply(settings, Instant.ofEpochMilli(at), 2.0, items[next++ & (ITEMS - 1)], tags);
  }
}
