package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExactVectorIndexTest extends VectorIndexContract {

  @Override
  protected VectorIndex newIndex() {
    return new ExactVectorIndex();
  }

  @Test
  void aFixedDimensionIsEnforcedFromTheStart() {
    VectorIndex index = new ExactVectorIndex(3);

    assertThatThrownBy(() -> index.upsert("a", new float[] {1f, 2f})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExactVectorIndex(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void growsPastItsInitialCapacity() {
    VectorIndex index = new ExactVectorIndex();
    for (int i = 0; i < 5000; i++) {
      index.upsert("item-" + i, new float[] {i, 1f});
    }
    assertThat(index.topK(new float[] {1f, 0f}, 2, null))
        .extracting(ScoredItem::itemId)
        .containsExactly("item-4999", "item-4998");
  }

  @Test
  void aLargeCatalogAnswersWhatScoringEveryRowAnswers() {
    ClusteredVectors vectors = new ClusteredVectors(21, 64, 30);
    Map<String, float[]> items = new HashMap<>();
    ExactVectorIndex index = new ExactVectorIndex();
    for (int i = 0; i < 2 * ExactVectorIndex.PRUNE_FROM + 500; i++) {
      float[] v = vectors.item();
      items.put("item-" + i, v);
      index.upsert("item-" + i, v);
    }
    // Ties (the same vector under other ids), a zero vector, items replaced and removed: rows move and change.
    float[] twin = items.get("item-7");
    for (String id : List.of("twin-a", "twin-b", "twin-c")) {
      items.put(id, twin);
      index.upsert(id, twin);
    }
    items.put("zero", new float[64]);
    index.upsert("zero", new float[64]);
    Random random = new Random(5);
    for (int i = 0; i < 300; i++) {
      String id = "item-" + random.nextInt(2 * ExactVectorIndex.PRUNE_FROM);
      if (i % 2 == 0) {
        items.remove(id);
        index.remove(id);
      } else {
        float[] v = vectors.item();
        items.put(id, v);
        index.upsert(id, v);
      }
    }

    for (int q = 0; q < 40; q++) {
      float[] query = q == 0 ? twin : vectors.query();
      Set<String> excluded = new HashSet<>();
      for (int e = 0; e < 50; e++) {
        excluded.add("item-" + random.nextInt(2 * ExactVectorIndex.PRUNE_FROM));
      }
      excluded.add("twin-b");
      for (int k : new int[] {1, 10, 200}) {
        assertThat(index.topK(query, k, excluded::contains))
            .as("query %d, k %d", q, k)
            .containsExactlyElementsOf(everyRowScored(items, query, k, excluded));
      }
    }
  }

  private static List<ScoredItem> everyRowScored(
      Map<String, float[]> items, float[] query, int k, Set<String> excluded) {
    List<ScoredItem> all = new ArrayList<>();
    items.forEach((id, v) -> {
      if (!excluded.contains(id)) {
        all.add(new ScoredItem(id, Vectors.dot(query, v, 0, v.length)));
      }
    });
    all.sort(Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId));
    return all.subList(0, Math.min(k, all.size()));
  }
}
