package io.ebb.bench;

import io.ebb.user.ItemLookup;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A catalog for benchmarks that run user entities without a service: {@code n} items with random unit vectors of
 * the embedding model's dimension and two tags each. The fold's cost depends on the dimension and the number of
 * tags, not on what the vectors mean, so these stand in for real embeddings when timing recovery.
 */
final class RandomItems implements ItemLookup {

  /** all-MiniLM-L6-v2's dimension, the service's default model. */
  static final int DIMENSION = 384;

  private static final String[] TAGS = {
    "drama", "comedy", "thriller", "romance", "sci-fi", "documentary", "crime", "fantasy", "horror", "family",
    "music", "sports", "history", "animation", "war", "western", "cooking", "travel", "nature", "tech",
  };

  private final String prefix;
  private final Features[] items;

  RandomItems(String prefix, int n, int dimension, long seed) {
    this.prefix = prefix;
    this.items = new Features[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      float[] v = new float[dimension];
      double norm = 0;
      for (int d = 0; d < dimension; d++) {
        v[d] = (float) random.nextGaussian();
        norm += v[d] * v[d];
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dimension; d++) {
        v[d] *= scale;
      }
      String first = TAGS[random.nextInt(TAGS.length)];
      String second = TAGS[random.nextInt(TAGS.length)];
      items[i] = new Features(v, first.equals(second) ? List.of(first) : List.of(first, second));
    }
  }

  String itemId(int i) {
    return prefix + i;
  }

  int size() {
    return items.length;
  }

  @Override
  public Optional<Features> find(String itemId) {
    if (!itemId.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      int i = Integer.parseInt(itemId, prefix.length(), itemId.length(), 10);
      return i >= 0 && i < items.length ? Optional.of(items[i]) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
