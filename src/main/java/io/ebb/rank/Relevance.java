package io.ebb.rank;

/**
 * How relevant an item is to a user: the one formula the service ranks by and the offline evaluator and tuner
 * replay, so an offline number is the number the service would serve.
 */
public final class Relevance {

  private Relevance() {}

  /**
   * {@code similarity + popularityWeight · prior}.
   *
   * @param similarity inner product of the user's query vector and the item's vector
   * @param prior the item's popularity prior, {@link #prior}
   */
  public static double score(double similarity, double prior, double popularityWeight) {
    return similarity + popularityWeight * prior;
  }

  /**
   * {@code similarity + popularityWeight · prior + placeBoost}: the relevance of a query that says where the user is.
   *
   * @param placeBoost the item's place prior, {@link io.ebb.model.PlacePrior#boost} of its distance (0 for none)
   */
  public static double score(double similarity, double prior, double popularityWeight, double placeBoost) {
    return score(similarity, prior, popularityWeight) + placeBoost;
  }

  /**
   * The popularity prior of a ranking with {@link io.ebb.model.Ranking#popularityRecency} {@code recency}:
   * {@code (1 − recency) · allTime + recency · recent}, each a {@link #prior} (of all-time and of recent counts).
   */
  public static double prior(double allTime, double recent, double recency) {
    return recency == 0 ? allTime : (1 - recency) * allTime + recency * recent;
  }

  /** {@code log(1 + count) / log(1 + maxCount)}: 0 for an unseen item, 1 for the most popular. */
  public static double prior(long count, long maxCount) {
    long max = Math.max(maxCount, 1);
    return Math.log1p(count) / Math.log1p(max);
  }

  /** {@link #prior(long, long)} of a recent (fading, fractional) count: 0 while nothing was counted. */
  public static double recentPrior(double count, double maxCount) {
    return maxCount <= 0 ? 0.0 : Math.log1p(count) / Math.log1p(maxCount);
  }
}
