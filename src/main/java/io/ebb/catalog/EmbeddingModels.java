package io.ebb.catalog;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.List;
import java.util.Locale;

/**
 * The in-process embedding models Ebb ships, by the name used in config and stored beside each vector.
 *
 * <p>Each {@link #create} loads an ONNX model (23–34 MB) and its tokenizer: make one per process and share
 * it, the models are thread-safe.
 */
public final class EmbeddingModels {

  /** all-MiniLM-L6-v2, quantized: 384-d, English, the fastest. */
  public static final String ALL_MINILM_L6_V2_Q = "all-minilm-l6-v2-q";
  /** BGE small en v1.5, quantized: 384-d, English. */
  public static final String BGE_SMALL_EN_V15_Q = "bge-small-en-v15-q";
  /** BGE small zh v1.5, quantized: 512-d, Chinese. */
  public static final String BGE_SMALL_ZH_V15_Q = "bge-small-zh-v15-q";

  public static final String DEFAULT = ALL_MINILM_L6_V2_Q;

  /** Every name {@link #create} accepts, the default first. */
  public static final List<String> NAMES = List.of(ALL_MINILM_L6_V2_Q, BGE_SMALL_EN_V15_Q, BGE_SMALL_ZH_V15_Q);

  private EmbeddingModels() {}

  /**
   * A new model by name (case and surrounding blanks ignored; {@code null} or blank means {@link #DEFAULT}).
   *
   * @throws IllegalArgumentException for any other name, listing the valid ones
   */
  public static EmbeddingModel create(String name) {
    String key = canonicalName(name);
    return switch (key) {
      case ALL_MINILM_L6_V2_Q -> new AllMiniLmL6V2QuantizedEmbeddingModel();
      case BGE_SMALL_EN_V15_Q -> new BgeSmallEnV15QuantizedEmbeddingModel();
      case BGE_SMALL_ZH_V15_Q -> new BgeSmallZhV15QuantizedEmbeddingModel();
      default -> throw new IllegalArgumentException(
          "unknown embedding model '" + name + "'; valid names: " + String.join(", ", NAMES));
    };
  }

  /** The name as stored beside vectors: lower case, {@link #DEFAULT} for null or blank. */
  public static String canonicalName(String name) {
    return name == null || name.isBlank() ? DEFAULT : name.strip().toLowerCase(Locale.ROOT);
  }
}
