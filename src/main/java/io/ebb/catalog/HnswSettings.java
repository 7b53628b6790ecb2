package io.ebb.catalog;

/**
 * How {@link HnswVectorIndex} builds and searches its graphs ({@code ebb.catalog.index} in reference.conf).
 *
 * @param maxDegree edges per node (jvector's {@code M}): more edges, better recall, more memory and build time
 * @param beamWidth candidates kept while a node is inserted (construction depth): more, a better graph, a slower
 *     build
 * @param overQuery a search asks each graph for {@code k · overQuery} candidates and re-scores them exactly
 * @param minCandidates ... but for at least this many: a small {@code k} still needs a wide search beam
 * @param buildThreads threads that insert nodes during a background build; 0 = every core
 * @param cleanupFraction once this share of a graph's nodes are deleted (removed or replaced items), the graph is
 *     rebuilt without them in the background
 */
public record HnswSettings(
    int maxDegree, int beamWidth, double overQuery, int minCandidates, int buildThreads, double cleanupFraction) {

  /** What reference.conf says; tests and benchmarks start from it. */
  public static final HnswSettings DEFAULTS = new HnswSettings(16, 100, 1.0, 100, 0, 0.25);

  public HnswSettings {
    if (maxDegree < 2) {
      throw new IllegalArgumentException("max-degree must be at least 2, got " + maxDegree);
    }
    if (beamWidth < 1) {
      throw new IllegalArgumentException("beam-width must be positive, got " + beamWidth);
    }
    if (!(overQuery >= 1.0)) {
      throw new IllegalArgumentException("over-query must be at least 1.0, got " + overQuery);
    }
    if (minCandidates < 1) {
      throw new IllegalArgumentException("min-candidates must be positive, got " + minCandidates);
    }
    if (buildThreads < 0) {
      throw new IllegalArgumentException("build-threads must be 0 (every core) or positive, got " + buildThreads);
    }
    if (!(cleanupFraction > 0 && cleanupFraction < 1)) {
      throw new IllegalArgumentException("cleanup-fraction must be within (0, 1), got " + cleanupFraction);
    }
  }

  public HnswSettings withBuildThreads(int threads) {
    return new HnswSettings(maxDegree, beamWidth, overQuery, minCandidates, threads, cleanupFraction);
  }

  /** The threads a build uses. */
  int threads() {
    return buildThreads > 0 ? buildThreads : Runtime.getRuntime().availableProcessors();
  }
}
