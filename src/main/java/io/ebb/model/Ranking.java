package io.ebb.model;

import java.util.Objects;

/**
 * How candidates become a list ({@link io.ebb.rank.Ranker}): the {@code candidatePool} nearest items by inner
 * product, the popularity prior added with {@code popularityWeight} and the place prior ({@link PlacePrior}) for a
 * query that says where the user is, then maximal marginal relevance with {@code diversityLambda} (1 keeps the
 * relevance order; lower trades relevance for variety).
 *
 * @param candidatePool how many nearest items are re-ranked, at least (a query for {@code limit} items takes at
 *     least {@code 5 · limit})
 * @param popularityRecency the share of the popularity prior taken from recent counts rather than all-time ones
 *     ({@link io.ebb.rank.Relevance#prior(double, double, double)}, {@link io.ebb.rank.Recency}): 0 counts every
 *     event alike, 1 only how popular items are now
 */
public record Ranking(
    double popularityWeight, double diversityLambda, int candidatePool, PlacePrior place, double popularityRecency) {

  /** No prior, no diversity pass, a pool of 200. */
  public static final Ranking PLAIN = new Ranking(0.0, 1.0, 200);

  public Ranking {
    if (!Double.isFinite(popularityWeight)) {
      throw new IllegalArgumentException("popularityWeight must be finite, was " + popularityWeight);
    }
    if (!(diversityLambda >= 0 && diversityLambda <= 1)) {
      throw new IllegalArgumentException("diversityLambda must be within [0, 1], was " + diversityLambda);
    }
    if (candidatePool < 1) {
      throw new IllegalArgumentException("candidatePool must be at least 1, was " + candidatePool);
    }
    Objects.requireNonNull(place, "place");
    if (!(popularityRecency >= 0 && popularityRecency <= 1)) {
      throw new IllegalArgumentException("popularityRecency must be within [0, 1], was " + popularityRecency);
    }
  }

  /** Popularity from all-time counts. */
  public Ranking(double popularityWeight, double diversityLambda, int candidatePool, PlacePrior place) {
    this(popularityWeight, diversityLambda, candidatePool, place, 0.0);
  }

  /** Without a place prior. */
  public Ranking(double popularityWeight, double diversityLambda, int candidatePool) {
    this(popularityWeight, diversityLambda, candidatePool, PlacePrior.OFF);
  }

  /** The pool a query for {@code limit} items re-ranks. */
  public int poolFor(int limit) {
    return Math.max(candidatePool, limit * 5);
  }

  /** True when the diversity pass can change the relevance order. */
  public boolean diversifies() {
    return diversityLambda < 1;
  }

  public Ranking withPopularityWeight(double w) {
    return new Ranking(w, diversityLambda, candidatePool, place, popularityRecency);
  }

  public Ranking withDiversityLambda(double lambda) {
    return new Ranking(popularityWeight, lambda, candidatePool, place, popularityRecency);
  }

  public Ranking withCandidatePool(int pool) {
    return new Ranking(popularityWeight, diversityLambda, pool, place, popularityRecency);
  }

  public Ranking withPlace(PlacePrior p) {
    return new Ranking(popularityWeight, diversityLambda, candidatePool, p, popularityRecency);
  }

  public Ranking withPopularityRecency(double share) {
    return new Ranking(popularityWeight, diversityLambda, candidatePool, place, share);
  }

  /** True when recent counts enter the popularity prior. */
  public boolean usesRecency() {
    return popularityRecency > 0;
  }
}
