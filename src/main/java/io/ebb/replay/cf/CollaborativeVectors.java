package io.ebb.replay.cf;

import io.ebb.model.CfParams;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Item vectors learned from behaviour, with the parameters they were learned with. Items that appear in no
 * training event have no vector: their collaborative part is zeros, and only their text part places them.
 *
 * <p>Symmetric vectors ({@link CfParams#asymmetric()} false) are one map used on both sides. Asymmetric ones
 * have a history side, what a user's events fold into their interest, and a candidate side, what the index
 * matches the query against.
 *
 * @param history per item id, the vector folded into a user's interest (each of {@code dimension} components;
 *     lengths not normalised: they carry how strongly an item co-occurs, which ranking needs)
 * @param candidate per item id, the vector the index holds; the same map as {@code history} when symmetric
 */
public record CollaborativeVectors(
    CfParams params, int dimension, Map<String, float[]> history, Map<String, float[]> candidate) {

  public CollaborativeVectors {
    Objects.requireNonNull(params, "params");
    boolean same = history == candidate;
    history = Map.copyOf(history);
    candidate = same ? history : Map.copyOf(candidate);
  }

  /** Symmetric vectors: one per item, for both sides. */
  public static CollaborativeVectors symmetric(CfParams params, int dimension, Map<String, float[]> vectors) {
    return new CollaborativeVectors(params, dimension, vectors, vectors);
  }

  /** The history-side vectors (the only ones when symmetric), by item id. */
  public Map<String, float[]> vectors() {
    return history;
  }

  public boolean isSymmetric() {
    return history == candidate;
  }

  /** The item's vector (its history-side vector when asymmetric). */
  public Optional<float[]> of(String itemId) {
    return Optional.ofNullable(history.get(itemId));
  }

  public Optional<float[]> historySide(String itemId) {
    return Optional.ofNullable(history.get(itemId));
  }

  public Optional<float[]> candidateSide(String itemId) {
    return Optional.ofNullable(candidate.get(itemId));
  }
}
