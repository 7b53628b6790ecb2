package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graph against the exact scan on a catalog large enough for the graph to matter. */
class HnswRecallTest {

  private static final int ITEMS = 20_000;
  private static final int DIMENSION = 384;
  private static final int QUERIES = 200;
  private static final int K = 10;

  @Test
  void recallAt10IsAtLeast95PercentOnClusteredNonUnitVectors() {
    ClusteredVectors data = new ClusteredVectors(7, DIMENSION, 200);
    float[][] items = data.items(ITEMS);
    ExactVectorIndex exact = new ExactVectorIndex();
    List<String> ids = new ArrayList<>(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      ids.add("item-" + i);
      exact.upsert(ids.get(i), items[i]);
    }
    long start = System.nanoTime();
    try (HnswVectorIndex hnsw = HnswVectorIndex.build(
        HnswSettings.DEFAULTS, ids, id -> items[Integer.parseInt(id.substring(5))], BuildProgress.NONE, () -> false)) {
      long buildMillis = (System.nanoTime() - start) / 1_000_000;

      int hits = 0;
      long searchNanos = 0;
      for (int q = 0; q < QUERIES; q++) {
        float[] query = data.query();
        Set<String> truth = new HashSet<>();
        exact.topK(query, K, null).forEach(s -> truth.add(s.itemId()));
        long t0 = System.nanoTime();
        List<ScoredItem> found = hnsw.topK(query, K, null);
        searchNanos += System.nanoTime() - t0;
        assertThat(found).hasSize(K).isSortedAccordingTo(ScoredItem.BEST_FIRST);
        hits += (int) found.stream().filter(s -> truth.contains(s.itemId())).count();
      }
      double recall = hits / (double) (QUERIES * K);
      System.out.printf("HNSW recall@%d = %.4f over %d queries, %,d × %d-d items in norm bands %s (built in %,d ms,"
          + " %.2f ms/query; measured on a shared machine)%n", K, recall, QUERIES, ITEMS, DIMENSION,
          hnsw.bandSizes(), buildMillis, searchNanos / 1e6 / QUERIES);
      assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }
  }
}
