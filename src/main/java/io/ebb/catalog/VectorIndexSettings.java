package io.ebb.catalog;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * Which {@link VectorIndex} the catalog serves from, from {@code ebb.catalog.index}.
 *
 * @param kind {@code exact}, {@code hnsw}, or {@code auto}: exact below {@code autoThreshold} items, a graph above
 * @param autoThreshold the catalog size at which {@code auto} builds the graph
 * @param hnsw how the graph is built and searched
 */
public record VectorIndexSettings(Kind kind, int autoThreshold, HnswSettings hnsw) {

  public enum Kind {
    AUTO,
    EXACT,
    HNSW
  }

  public VectorIndexSettings {
    if (autoThreshold < 1) {
      throw new IllegalArgumentException("ebb.catalog.index.auto-threshold must be positive, got " + autoThreshold);
    }
  }

  public static VectorIndexSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("catalog.index");
    String kind = c.getString("kind");
    Kind parsed;
    try {
      parsed = Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ebb.catalog.index.kind must be auto, exact or hnsw, got \"" + kind + "\"", e);
    }
    return new VectorIndexSettings(
        parsed,
        c.getInt("auto-threshold"),
        new HnswSettings(
            c.getInt("max-degree"),
            c.getInt("beam-width"),
            c.getDouble("over-query"),
            c.getInt("min-candidates"),
            c.getInt("build-threads"),
            c.getDouble("cleanup-fraction")));
  }

  /**
   * A new, empty index of this kind. {@code hnsw} is a {@link TieredVectorIndex} too, with a threshold of one item:
   * the graph is built in the background from whatever is there, in parallel, instead of item by item on the
   * thread that loads the catalog, and exact search answers until it is done.
   */
  public VectorIndex newIndex() {
    return switch (kind) {
      case EXACT -> new ExactVectorIndex();
      case HNSW -> new TieredVectorIndex(1, hnsw);
      case AUTO -> new TieredVectorIndex(autoThreshold, hnsw);
    };
  }
}
