package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link VectorIndex} backend must do; each backend's test extends this. */
abstract class VectorIndexContract {

  /** A new, empty index. */
  protected abstract VectorIndex newIndex();

  private final List<VectorIndex> opened = new ArrayList<>();

  /** Closes {@code index} after the test (graph backends run build threads). */
  protected <T extends VectorIndex> T track(T index) {
    opened.add(index);
    return index;
  }

  @AfterEach
  void closeIndexes() {
    opened.forEach(VectorIndex::close);
  }

  /** Whether the backend returns the exact top k (an approximate one is checked for recall instead). */
  protected boolean exact() {
    return true;
  }

  private VectorIndex index;

  @BeforeEach
  void setUp() {
    index = newIndex();
  }

  @Test
  void ranksByInnerProductNotCosine() {
    // "popular" points the same way as "niche" but is longer: cosine would tie them, inner product must not.
    index.upsert("niche", new float[] {1f, 0f, 0f});
    index.upsert("popular", new float[] {3f, 0f, 0f});
    index.upsert("sideways", new float[] {0.5f, 0.8f, 0f});
    index.upsert("opposite", new float[] {-2f, 0f, 0f});

    List<ScoredItem> top = index.topK(new float[] {1f, 0.5f, 0f}, 4, null);

    assertThat(top).extracting(ScoredItem::itemId).containsExactly("popular", "niche", "sideways", "opposite");
    double[] expected = {3.0, 1.0, 0.9, -2.0};
    for (int i = 0; i < expected.length; i++) {
      assertThat(top.get(i).score()).isCloseTo(expected[i], within(1e-6));
    }
  }

  @Test
  void breaksTiesByItemId() {
    index.upsert("c", new float[] {1f, 1f});
    index.upsert("a", new float[] {1f, 1f});
    index.upsert("b", new float[] {1f, 1f});
    index.upsert("z", new float[] {2f, 2f});

    assertThat(index.topK(new float[] {1f, 0f}, 3, null))
        .extracting(ScoredItem::itemId)
        .containsExactly("z", "a", "b");
  }

  @Test
  void leavesOutExcludedItems() {
    index.upsert("a", new float[] {3f, 0f});
    index.upsert("b", new float[] {2f, 0f});
    index.upsert("c", new float[] {1f, 0f});

    assertThat(index.topK(new float[] {1f, 0f}, 2, id -> id.equals("a")))
        .extracting(ScoredItem::itemId)
        .containsExactly("b", "c");
    assertThat(index.topK(new float[] {1f, 0f}, 5, id -> true)).isEmpty();
  }

  @Test
  void upsertOfAnExistingIdOverwritesItsVector() {
    index.upsert("a", new float[] {1f, 0f});
    index.upsert("b", new float[] {2f, 0f});
    index.upsert("a", new float[] {5f, 0f});

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.vector("a")).hasValueSatisfying(v -> assertThat(v).containsExactly(5f, 0f));
    assertThat(index.topK(new float[] {1f, 0f}, 1, null)).extracting(ScoredItem::itemId).containsExactly("a");
  }

  @Test
  void keepsACopyOfTheVector() {
    float[] v = {1f, 2f};
    index.upsert("a", v);
    v[0] = 100f;
    index.vector("a").orElseThrow()[1] = 100f;

    assertThat(index.vector("a")).hasValueSatisfying(stored -> assertThat(stored).containsExactly(1f, 2f));
  }

  @Test
  void removeForgetsTheItemAndKeepsTheOthers() {
    for (int i = 0; i < 5; i++) {
      index.upsert("item-" + i, new float[] {i, 1f});
    }
    index.remove("item-1");
    index.remove("item-4"); // the last row
    index.remove("never-there");

    assertThat(index.size()).isEqualTo(3);
    assertThat(index.vector("item-1")).isEmpty();
    assertThat(index.vector("item-3")).hasValueSatisfying(v -> assertThat(v).containsExactly(3f, 1f));
    assertThat(index.vector("item-0")).hasValueSatisfying(v -> assertThat(v).containsExactly(0f, 1f));
    assertThat(index.topK(new float[] {1f, 0f}, 10, null))
        .extracting(ScoredItem::itemId)
        .containsExactly("item-3", "item-2", "item-0");

    index.upsert("item-1", new float[] {10f, 0f});
    assertThat(index.topK(new float[] {1f, 0f}, 1, null)).extracting(ScoredItem::itemId).containsExactly("item-1");
  }

  @Test
  void rejectsAnotherDimension() {
    index.upsert("a", new float[] {1f, 0f, 0f});

    assertThatThrownBy(() -> index.upsert("b", new float[] {1f, 0f}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.topK(new float[] {1f, 0f}, 1, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void rejectsNonFiniteComponents() {
    assertThatThrownBy(() -> index.upsert("a", new float[] {Float.NaN, 0f}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(index.size()).isZero();
  }

  @Test
  void returnsEverythingWhenKExceedsTheSize() {
    index.upsert("a", new float[] {1f, 0f});
    index.upsert("b", new float[] {2f, 0f});

    assertThat(index.topK(new float[] {1f, 0f}, 10, null)).extracting(ScoredItem::itemId).containsExactly("b", "a");
    assertThat(index.topK(new float[] {1f, 0f}, 0, null)).isEmpty();
    assertThat(newIndex().topK(new float[] {1f, 0f}, 3, null)).isEmpty();
  }

  @Test
  void findsTheTrueTopKAmongManyRandomVectors() {
    Random random = new Random(42);
    int dimension = 32;
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      float[] v = randomVector(random, dimension);
      vectors.add(v);
      index.upsert("item-" + i, v);
    }
    float[] query = randomVector(random, dimension);

    List<ScoredItem> expected = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      if (i % 7 != 0) {
        expected.add(new ScoredItem("item-" + i, Vectors.dot(query, vectors.get(i))));
      }
    }
    expected.sort(Comparator.comparingDouble(ScoredItem::score).reversed());
    List<String> expectedIds = expected.subList(0, 20).stream().map(ScoredItem::itemId).toList();

    List<ScoredItem> top = index.topK(query, 20, id -> Integer.parseInt(id.substring(5)) % 7 == 0);

    assertThat(top).hasSize(20);
    assertThat(top).isSortedAccordingTo(Comparator.comparingDouble(ScoredItem::score).reversed());
    if (exact()) {
      assertThat(top).extracting(ScoredItem::itemId).containsExactlyElementsOf(expectedIds);
    } else {
      assertThat(top).extracting(ScoredItem::itemId).filteredOn(expectedIds::contains).hasSizeGreaterThanOrEqualTo(18);
    }
  }

  @Test
  void concurrentReadersAndWritersDoNotInterfere() throws Exception {
    int dimension = 16;
    for (int i = 0; i < 500; i++) {
      index.upsert("stable-" + i, randomVector(new Random(i), dimension));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int writer = t;
        tasks.add(() -> {
          Random random = new Random(100 + writer);
          for (int i = 0; i < 3000; i++) {
            String id = "churn-" + writer + "-" + random.nextInt(200);
            if (random.nextBoolean()) {
              index.upsert(id, randomVector(random, dimension));
            } else {
              index.remove(id);
            }
          }
          return 0;
        });
      }
      for (int t = 0; t < 2; t++) {
        int reader = t;
        tasks.add(() -> {
          Random random = new Random(200 + reader);
          int checked = 0;
          for (int i = 0; i < 300; i++) {
            List<ScoredItem> top = index.topK(randomVector(random, dimension), 10, id -> id.endsWith("7"));
            assertThat(top).hasSize(10);
            assertThat(top).isSortedAccordingTo(Comparator.comparingDouble(ScoredItem::score).reversed());
            assertThat(top).noneMatch(s -> s.itemId().endsWith("7"));
            index.vector("stable-" + random.nextInt(500)).orElseThrow();
            checked++;
          }
          return checked;
        });
      }
      for (Future<Integer> f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
        f.get(); // rethrows what a task threw
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(index.size()).isBetween(500, 900);
    for (int i = 0; i < 500; i++) {
      assertThat(index.vector("stable-" + i)).isPresent();
    }
  }

  static float[] randomVector(Random random, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
