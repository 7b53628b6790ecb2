package io.ebb.replay;

import java.util.Objects;

/**
 * The vectors of the candidate items, by item index: {@code fold} is what a user's events add to their interest
 * state, {@code index} what the query is matched against. The service uses one vector for both; they differ only
 * when asymmetric (history-side / candidate-side) collaborative vectors are evaluated.
 */
public record ItemVectors(float[][] fold, float[][] index) {

  public ItemVectors {
    Objects.requireNonNull(fold, "fold");
    Objects.requireNonNull(index, "index");
    if (fold.length != index.length) {
      throw new IllegalArgumentException("fold and index sides differ in item count");
    }
  }

  public static ItemVectors symmetric(float[][] vectors) {
    return new ItemVectors(vectors, vectors);
  }

  public boolean isSymmetric() {
    return fold == index;
  }

  public int dimension() {
    return index.length == 0 ? 0 : index[0].length;
  }
}
