package io.ebb.catalog;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Item vectors, searchable by inner product. The port the recommender searches; one backend per file, and
 * every backend passes {@code VectorIndexContract}.
 *
 * <p>Scores are inner products, not cosines: behaviour-learned vectors carry popularity in their norm, and
 * normalising them away costs accuracy (see docs/decisions.md, 16). All vectors of one index share a
 * dimension, fixed by the first vector added; a vector or query of another dimension is an
 * {@link IllegalArgumentException}. Implementations are safe for concurrent readers and writers.
 */
public interface VectorIndex extends AutoCloseable {

  /** Adds {@code vector} under {@code itemId}, replacing any vector it had. The array is copied. */
  void upsert(String itemId, float[] vector);

  /** Removes the item's vector; nothing happens if it has none. */
  void remove(String itemId);

  /** A copy of the item's vector. */
  Optional<float[]> vector(String itemId);

  int size();

  /** The dimension of the vectors held, fixed by the first one added; 0 before that. */
  default int dimension() {
    return 0;
  }

  /**
   * The {@code k} items with the highest inner product with {@code query}, best first, ties broken by
   * ascending item id so that equal inputs give equal answers; fewer when fewer items are left after
   * {@code exclude}. An approximate backend may miss some of the true top {@code k}.
   *
   * @param exclude items to leave out (e.g. already seen), or {@code null}; it runs under the index's read
   *     lock, so it must be quick and must not write to this index
   */
  List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude);

  /**
   * Stops background work (a graph being built) for an index that is being replaced. The index still answers
   * every call: a reader that took it just before the swap finishes against it. Nothing to stop by default.
   */
  @Override
  default void close() {}
}
