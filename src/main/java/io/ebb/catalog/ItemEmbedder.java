package io.ebb.catalog;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns item text into unit-length vectors with a LangChain4j {@link EmbeddingModel}.
 *
 * <p>Text vectors are normalised here, whatever the model does, so that the inner product the index ranks
 * by is the cosine for them; a vector's norm is left free to carry popularity in behaviour-learned vectors.
 *
 * <p>Thread-safe: it holds nothing mutable, and the in-process models are safe for concurrent use (they
 * spread an {@code embedAll} over their own thread pool).
 */
public final class ItemEmbedder {

  /** Texts per call to the model: bounds the memory of one call and keeps other callers from waiting long. */
  public static final int BATCH_SIZE = 64;

  private final EmbeddingModel model;
  private final String modelId;
  private final int dimension;

  /**
   * @param model the model
   * @param modelId the name stored beside every vector it makes; a vector stored under another name is
   *     re-embedded when the catalog loads
   */
  public ItemEmbedder(EmbeddingModel model, String modelId) {
    this.model = Objects.requireNonNull(model, "model");
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    this.modelId = modelId;
    this.dimension = model.dimension();
  }

  /** An embedder over {@link EmbeddingModels#create}{@code (name)}, named by its canonical name. */
  public static ItemEmbedder of(String name) {
    return new ItemEmbedder(EmbeddingModels.create(name), EmbeddingModels.canonicalName(name));
  }

  public String modelId() {
    return modelId;
  }

  public int dimension() {
    return dimension;
  }

  /** The unit-length embedding of {@code text}, which must not be blank. */
  public float[] embed(String text) {
    return embedBatch(List.of(text)).get(0);
  }

  /** The embeddings of {@code texts}, in order, asking the model for {@value #BATCH_SIZE} at a time. */
  public List<float[]> embedAll(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH_SIZE) {
      vectors.addAll(embedBatch(texts.subList(from, Math.min(from + BATCH_SIZE, texts.size()))));
    }
    return vectors;
  }

  private List<float[]> embedBatch(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("cannot embed a blank text");
      }
      segments.add(TextSegment.from(text));
    }
    List<Embedding> embeddings = model.embedAll(segments).content();
    if (embeddings == null || embeddings.size() != segments.size()) {
      throw new IllegalStateException(
          "model " + modelId + " returned " + (embeddings == null ? 0 : embeddings.size())
              + " embeddings for " + segments.size() + " texts");
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (Embedding embedding : embeddings) {
      float[] vector = embedding.vector();
      if (vector.length != dimension) {
        throw new IllegalStateException(
            "model " + modelId + " returned a " + vector.length + "-d vector, expected " + dimension);
      }
      vectors.add(Vectors.normalizeInPlace(vector.clone()));
    }
    return vectors;
  }

  @Override
  public String toString() {
    return "ItemEmbedder[" + modelId + ", " + dimension + "-d]";
  }
}
