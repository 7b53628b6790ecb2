package io.ebb.catalog;

/** An item and its score against a query; for a {@link VectorIndex} the score is the inner product. */
public record ScoredItem(String itemId, double score) {}
