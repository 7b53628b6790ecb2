package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The contract across the switch, and the switch itself: no write made while the graph is built may be lost. */
class TieredVectorIndexTest extends VectorIndexContract {

  private static final int DIMENSION = 32;

  /** A low threshold: the contract's larger tests cross it, so they run against both backends and the switch. */
  @Override
  protected VectorIndex newIndex() {
    return track(new TieredVectorIndex(100, HnswSettings.DEFAULTS.withBuildThreads(2)));
  }

  @Override
  protected boolean exact() {
    return false;
  }

  @Test
  void staysExactBelowTheThreshold() {
    TieredVectorIndex index = track(new TieredVectorIndex(100, HnswSettings.DEFAULTS));
    ClusteredVectors data = new ClusteredVectors(1, DIMENSION, 5);
    for (int i = 0; i < 99; i++) {
      index.upsert("item-" + i, data.item());
    }

    assertThat(index.isGraphServing()).isFalse();
    assertThat(index.serving()).isInstanceOf(ExactVectorIndex.class);
  }

  @Test
  void switchesAfterTheBuildAndReplaysTheWritesMadeDuringIt() throws Exception {
    switchLosesNoWriteMadeDuringTheBuild(300);
  }

  @Test
  void aBuildThatFellFarBehindIsStartedAgainAndLosesNothing() throws Exception {
    switchLosesNoWriteMadeDuringTheBuild(1500); // more than half the snapshot's 2,000: built again, not replayed
  }

  private void switchLosesNoWriteMadeDuringTheBuild(int newItems) throws Exception {
    CountDownLatch buildStarted = new CountDownLatch(1);
    CountDownLatch writesDone = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    BuildProgress holdFirstBatch = (linked, total) -> {
      if (first.compareAndSet(true, false)) {
        buildStarted.countDown();
        awaitLatch(writesDone);
      }
    };
    TieredVectorIndex index =
        track(new TieredVectorIndex(2000, HnswSettings.DEFAULTS.withBuildThreads(1), holdFirstBatch));
    ClusteredVectors data = new ClusteredVectors(2, DIMENSION, 20);
    Map<String, float[]> expected = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      expected.put("item-" + i, data.item());
      index.upsert("item-" + i, expected.get("item-" + i));
    }
    assertThat(buildStarted.await(30, TimeUnit.SECONDS)).isTrue();

    // The build holds on its first batch: everything now goes to the exact index and the record of writes.
    Random random = new Random(3);
    for (int i = 0; i < newItems; i++) {
      expected.put("new-" + i, data.item());
      index.upsert("new-" + i, expected.get("new-" + i));
    }
    for (int i = 0; i < 300; i++) {
      String id = "item-" + random.nextInt(2000);
      expected.put(id, data.item());
      index.upsert(id, expected.get(id));
    }
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String id = "item-" + random.nextInt(2000);
      expected.remove(id);
      index.remove(id);
      removed.add(id);
    }
    assertThat(index.isGraphServing()).isFalse();
    assertThat(index.size()).isEqualTo(expected.size());
    writesDone.countDown();

    index.graphServing().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(index.serving()).isInstanceOf(HnswVectorIndex.class);
    assertSameContent(index, expected);
    removed.forEach(id -> assertThat(index.vector(id)).isEmpty());
    float[] query = data.query();
    assertThat(index.topK(query, 50, null)).extracting(ScoredItem::itemId).doesNotContainAnyElementsOf(removed);
  }

  @Test
  void writesRacingTheSwapAreAllKept() throws Exception {
    TieredVectorIndex index = track(new TieredVectorIndex(1500, HnswSettings.DEFAULTS.withBuildThreads(1)));
    ClusteredVectors data = new ClusteredVectors(4, DIMENSION, 20);
    for (int i = 0; i < 1500; i++) {
      index.upsert("base-" + i, data.items(1)[0]);
    }
    // Two writers own disjoint ids and remember what they wrote last; they keep writing until well after the swap.
    Map<String, float[]> expected = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          Random random = new Random(10 + writer);
          ClusteredVectors own = new ClusteredVectors(20 + writer, DIMENSION, 20);
          int afterSwap = 0;
          int writes = 0;
          while (afterSwap < 300) {
            String id = "w" + writer + "-" + random.nextInt(400);
            if (random.nextInt(4) == 0) {
              index.remove(id);
              expected.remove(id);
            } else {
              float[] v = own.item();
              index.upsert(id, v);
              expected.put(id, v);
            }
            writes++;
            if (index.isGraphServing()) {
              afterSwap++;
            }
            if (writes % 64 == 0) {
              Thread.sleep(1); // busy, not flat out: leaves the background build a core on a 2-core machine
            }
          }
          return writes;
        }));
      }
      for (Future<Integer> f : writers) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(index.isGraphServing()).isTrue();
    for (int w = 0; w < 2; w++) {
      for (int i = 0; i < 400; i++) {
        String id = "w" + w + "-" + i;
        float[] v = expected.get(id);
        if (v == null) {
          assertThat(index.vector(id)).as(id).isEmpty();
        } else {
          assertThat(index.vector(id)).as(id).hasValueSatisfying(actual -> assertThat(actual).containsExactly(v));
        }
      }
    }
    assertThat(index.size()).isEqualTo(1500 + expected.size());
  }

  private static void assertSameContent(VectorIndex index, Map<String, float[]> expected) {
    assertThat(index.size()).isEqualTo(expected.size());
    expected.forEach((id, v) ->
        assertThat(index.vector(id)).as(id).hasValueSatisfying(actual -> assertThat(actual).containsExactly(v)));
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the build");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
