package io.ebb.catalog;

/**
 * Hears how far a graph build has come, e.g. to print progress of a large one. Called from the build's worker
 * threads, every few thousand nodes and once at the end, so it must be thread-safe and quick.
 */
@FunctionalInterface
public interface BuildProgress {

  BuildProgress NONE = (linked, total) -> {};

  /** {@code linked} of {@code total} nodes are in the graph. */
  void update(int linked, int total);
}
