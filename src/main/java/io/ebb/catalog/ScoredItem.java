package io.ebb.catalog;

import java.util.Comparator;

/** An item and its score against a query; for a {@link VectorIndex} the score is the inner product. */
public record ScoredItem(String itemId, double score) {

  /**
   * Highest score first, equal scores by ascending item id: the order every {@link VectorIndex} answers in. Equal
   * means {@code ==}, so 0.0 and -0.0 tie as they do in {@link ExactVectorIndex}.
   */
  public static final Comparator<ScoredItem> BEST_FIRST =
      (a, b) -> a.score() != b.score()
          ? Double.compare(b.score(), a.score())
          : a.itemId().compareTo(b.itemId());
}
