package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.VectorMath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract, and what an incrementally updated graph must keep true. */
class HnswVectorIndexTest extends VectorIndexContract {


  @Override
  protected VectorIndex newIndex() {
    return track(new HnswVectorIndex(HnswSettings.DEFAULTS.withBuildThreads(2)));
  }

  @Override
  protected boolean exact() {
    return false;
  }

  @Test
  void aReplacedVectorIsFoundUnderItsNewValueOnly() {
    HnswVectorIndex index = (HnswVectorIndex) newIndex();
    ClusteredVectors data = new ClusteredVectors(1, 32, 20);
    float[][] items = data.items(2000);
    for (int i = 0; i < items.length; i++) {
      index.upsert("item-" + i, items[i]);
    }
    float[] query = data.query();
    String moved = index.topK(query, 1, null).get(0).itemId();
    float[] away = VectorMath.scaled(query, -100 / Vectors.norm(query)); // opposite, and longer than any other item

    index.upsert(moved, away);

    assertThat(index.size()).isEqualTo(items.length);
    assertThat(index.vector(moved)).hasValueSatisfying(v -> assertThat(v).containsExactly(away));
    assertThat(index.topK(query, 50, null)).extracting(ScoredItem::itemId).doesNotContain(moved);
    List<ScoredItem> opposite = index.topK(away, 1, null);
    assertThat(opposite).extracting(ScoredItem::itemId).containsExactly(moved);
    assertThat(opposite.get(0).score()).isEqualTo(Vectors.dot(away, away, 0, away.length));
  }

  @Test
  void aRemovedItemIsNeverReturned() {
    HnswVectorIndex index = (HnswVectorIndex) newIndex();
    ClusteredVectors data = new ClusteredVectors(2, 32, 20);
    float[][] items = data.items(2000);
    for (int i = 0; i < items.length; i++) {
      index.upsert("item-" + i, items[i]);
    }
    float[] query = data.query();
    Set<String> removed = new HashSet<>();
    for (ScoredItem s : index.topK(query, 100, null)) {
      index.remove(s.itemId());
      removed.add(s.itemId());
    }

    assertThat(index.size()).isEqualTo(items.length - removed.size());
    for (int q = 0; q < 20; q++) {
      assertThat(index.topK(q == 0 ? query : data.query(), 200, null))
          .hasSize(200)
          .extracting(ScoredItem::itemId)
          .doesNotContainAnyElementsOf(removed);
    }
    removed.forEach(id -> assertThat(index.vector(id)).isEmpty());
  }

  @Test
  void excludingMostOfTheNearestItemsStillGivesK() {
    HnswVectorIndex index = (HnswVectorIndex) newIndex();
    ClusteredVectors data = new ClusteredVectors(3, 32, 20);
    float[][] items = data.items(3000);
    ExactVectorIndex exact = new ExactVectorIndex();
    for (int i = 0; i < items.length; i++) {
      index.upsert("item-" + i, items[i]);
      exact.upsert("item-" + i, items[i]);
    }
    float[] query = data.query();
    // The user has consumed the 1,000 nearest items but a few: the graph search must go far past them.
    Set<String> consumed = new HashSet<>();
    List<ScoredItem> nearest = exact.topK(query, 1000, null);
    for (int i = 0; i < nearest.size(); i++) {
      if (i % 100 != 0) {
        consumed.add(nearest.get(i).itemId());
      }
    }

    List<ScoredItem> top = index.topK(query, 20, consumed::contains);

    assertThat(top).hasSize(20).isSortedAccordingTo(ScoredItem.BEST_FIRST);
    assertThat(top).extracting(ScoredItem::itemId).doesNotContainAnyElementsOf(consumed);
    List<String> expected = exact.topK(query, 20, consumed::contains).stream().map(ScoredItem::itemId).toList();
    assertThat(top).extracting(ScoredItem::itemId).filteredOn(expected::contains).hasSizeGreaterThanOrEqualTo(18);
  }

  @Test
  void aVectorLongerThanAnyBeforeOpensANewBandAndIsFoundAtOnce() {
    HnswVectorIndex index = (HnswVectorIndex) newIndex();
    ClusteredVectors data = new ClusteredVectors(4, 32, 20);
    for (int i = 0; i < 1000; i++) {
      index.upsert("item-" + i, data.item());
    }
    float longestBand = index.bandSizes().keySet().iterator().next();
    float[] query = data.query();
    float[] huge = VectorMath.scaled(query, 50 * longestBand / Vectors.norm(query));

    index.upsert("blockbuster", huge);

    assertThat(index.topK(query, 1, null)).extracting(ScoredItem::itemId).containsExactly("blockbuster");
    assertThat(index.vector("blockbuster")).hasValueSatisfying(v -> assertThat(v).containsExactly(huge));
    assertThat(index.bandSizes()).containsEntry(64 * longestBand, 1);
    assertThat(index.size()).isEqualTo(1001);

    index.upsert("blockbuster", VectorMath.scaled(query, 0.001)); // now the shortest: it moves band

    assertThat(index.bandSizes()).doesNotContainEntry(64 * longestBand, 1);
    assertThat(index.size()).isEqualTo(1001);
    assertThat(index.topK(query, 1, null)).extracting(ScoredItem::itemId).doesNotContain("blockbuster");
    assertThat(index.topK(VectorMath.scaled(query, -1), 1001, null)).extracting(ScoredItem::itemId).contains("blockbuster");
  }

  @Test
  void deletedNodesAreCleanedUpByARebuildThatLosesNoConcurrentWrite() throws Exception {
    HnswVectorIndex index = (HnswVectorIndex) newIndex();
    ClusteredVectors data = new ClusteredVectors(5, 32, 20);
    List<float[]> latest = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      latest.add(data.item());
      index.upsert("item-" + i, latest.get(i));
    }
    // Replacing a third of the items deletes that many nodes: past the cleanup fraction, a rebuild starts, and
    // the writes keep coming while it runs.
    Random random = new Random(6);
    for (int round = 0; round < 3000; round++) {
      int i = random.nextInt(1000);
      latest.set(i, data.item());
      index.upsert("item-" + i, latest.get(i));
    }
    assertThat(index.awaitNoRebuild(Duration.ofSeconds(30))).isTrue();

    assertThat(index.rebuilds()).isPositive();
    assertThat(index.deletedNodes()).isLessThanOrEqualTo((int) (0.25 * index.nodes()));
    assertThat(index.size()).isEqualTo(1000);
    for (int i = 0; i < 1000; i++) {
      float[] expected = latest.get(i);
      assertThat(index.vector("item-" + i)).hasValueSatisfying(v -> assertThat(v).containsExactly(expected));
    }
    float[] query = data.query();
    ScoredItem best = index.topK(query, 1, null).get(0);
    int id = Integer.parseInt(best.itemId().substring(5));
    assertThat(best.score()).isEqualTo(Vectors.dot(query, latest.get(id), 0, 32));
  }

  @Test
  void scoresAreTheExactInnerProductsOfTheOriginalVectors() {
    HnswVectorIndex index = (HnswVectorIndex) newIndex();
    ExactVectorIndex exact = new ExactVectorIndex();
    ClusteredVectors data = new ClusteredVectors(8, 48, 10);
    for (int i = 0; i < 500; i++) {
      float[] v = data.item();
      index.upsert("item-" + i, v);
      exact.upsert("item-" + i, v);
    }
    float[] query = data.query();
    List<ScoredItem> approximate = index.topK(query, 10, null);
    for (ScoredItem s : approximate) {
      assertThat(s.score()).isEqualTo(Vectors.dot(query, exact.vector(s.itemId()).orElseThrow(), 0, 48));
    }
  }
}
