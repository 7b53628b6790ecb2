package io.ebb.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.InMemoryCatalogStore;
import io.ebb.catalog.Item;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.catalog.StoredItem;
import io.ebb.catalog.VectorIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;

/**
 * Synthetic items in an {@link InMemoryCatalogStore}, from which a real {@link Catalog} loads them as a node loads
 * its table: the benchmark then queries the service's own catalog, index and recommender, only without Cassandra
 * and without the embedding model (the vectors are given; asking the model for one is an error).
 */
final class SyntheticCatalog {

  static final String MODEL = "synthetic";
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final SyntheticVectors vectors;
  private final float[][] itemVectors; // the arrays the store holds, not copies
  private final int[][] itemsByTopic;
  private final InMemoryCatalogStore store = new InMemoryCatalogStore();

  private SyntheticCatalog(SyntheticVectors vectors, float[][] itemVectors) {
    this.vectors = vectors;
    this.itemVectors = itemVectors;
    List<List<Integer>> byTopic = new ArrayList<>();
    List<List<String>> tags = new ArrayList<>();
    for (int t = 0; t < vectors.topics(); t++) {
      byTopic.add(new ArrayList<>());
      tags.add(List.of("topic-" + t)); // shared: Item keeps an immutable list as it is
    }
    for (int i = 0; i < itemVectors.length; i++) {
      int topic = vectors.topicOf(i);
      byTopic.get(topic).add(i);
      Item item = new Item(id(i), "synthetic", "", tags.get(topic), Map.of(), EPOCH.plusSeconds(i));
      store.put(new StoredItem(item, itemVectors[i], null, MODEL));
    }
    this.itemsByTopic =
        byTopic.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }

  /** {@code items} items of {@code dimension}, in {@code topics} topics; the vectors are made in parallel. */
  static SyntheticCatalog generate(int items, int dimension, int topics, long seed) {
    SyntheticVectors vectors = new SyntheticVectors(seed, dimension, topics);
    float[][] all = new float[items][];
    IntStream.range(0, items).parallel().forEach(i -> all[i] = vectors.item(i));
    return new SyntheticCatalog(vectors, all);
  }

  static String id(int i) {
    return "item-" + i;
  }

  int size() {
    return itemVectors.length;
  }

  SyntheticVectors vectors() {
    return vectors;
  }

  float[] vector(int i) {
    return itemVectors[i];
  }

  int[] itemsOfTopic(int topic) {
    return itemsByTopic[topic];
  }

  /** A catalog over these items, serving from {@code index}; call {@link Catalog#load} to fill it. */
  Catalog catalog(VectorIndex index, Executor executor) {
    return new Catalog(store, new ItemEmbedder(new GivenVectors(vectors.dimension()), MODEL), index, executor);
  }

  /** The model of a catalog whose vectors are all given: it only knows their dimension. */
  private record GivenVectors(int dimension) implements EmbeddingModel {
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      throw new UnsupportedOperationException("the synthetic catalog's vectors are given; nothing is embedded");
    }

    @Override
    public String modelName() {
      return MODEL;
    }
  }
}
