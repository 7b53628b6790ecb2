package io.ebb.catalog;

import io.ebb.model.ItemSpace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A catalog without Cassandra (what the query benchmark runs on), and the index swap of {@link Catalog#useBlend}. */
class InMemoryCatalogTest {

  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void loadsStoredVectorsAsTheyAreAndSearchesThem() throws Exception {
    InMemoryCatalogStore store = new InMemoryCatalogStore();
    store.put(stored("near", new float[] {1f, 0.1f}));
    store.put(stored("far", new float[] {-1f, 0f}));
    store.put(stored("query", new float[] {2f, 0f}));
    Catalog catalog = new Catalog(store, noModel(), new ExactVectorIndex(), executor);

    assertThat(catalog.load().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(3);

    assertThat(catalog.similar("query", 2)).extracting(ScoredItem::itemId).containsExactly("near", "far");
    assertThat(catalog.vector("query")).hasValueSatisfying(v -> assertThat(v).containsExactly(2f, 0f));
  }

  @Test
  void useBlendClosesTheIndexItReplaces() throws Exception {
    InMemoryCatalogStore store = new InMemoryCatalogStore();
    store.put(stored("a", new float[] {1f, 0f}));
    AtomicInteger closed = new AtomicInteger();
    List<VectorIndex> made = new ArrayList<>();
    Catalog catalog = new Catalog(store, noModel(), closeCounting(closed), () -> {
      VectorIndex fresh = closeCounting(closed);
      made.add(fresh);
      return fresh;
    }, executor);
    catalog.load().toCompletableFuture().get(10, TimeUnit.SECONDS);

    catalog.useItemSpace(ItemSpace.TEXT_ONLY.withWeights(2.0, 0.0)).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(closed).hasValue(1);
    assertThat(catalog.index()).isSameAs(made.get(0));
    assertThat(catalog.vector("a")).hasValueSatisfying(v -> assertThat(v).containsExactly(2f, 0f));
  }

  private static StoredItem stored(String id, float[] vector) {
    return new StoredItem(new Item(id, id, "", List.of(), Map.of(), Instant.EPOCH), vector, null, "given");
  }

  private static ItemEmbedder noModel() {
    return new ItemEmbedder(new EmbeddingModel() {
      @Override
      public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        throw new AssertionError("stored vectors of the current model are never embedded again");
      }

      @Override
      public int dimension() {
        return 2;
      }
    }, "given");
  }

  private static VectorIndex closeCounting(AtomicInteger closed) {
    ExactVectorIndex exact = new ExactVectorIndex();
    return new VectorIndex() {
      @Override
      public void upsert(String itemId, float[] vector) {
        exact.upsert(itemId, vector);
      }

      @Override
      public void remove(String itemId) {
        exact.remove(itemId);
      }

      @Override
      public java.util.Optional<float[]> vector(String itemId) {
        return exact.vector(itemId);
      }

      @Override
      public int size() {
        return exact.size();
      }

      @Override
      public List<ScoredItem> topK(float[] query, int k, java.util.function.Predicate<String> exclude) {
        return exact.topK(query, k, exclude);
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    };
  }
}
