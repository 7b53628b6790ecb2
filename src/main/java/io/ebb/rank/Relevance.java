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

  /** {@code log(1 + count) / log(1 + maxCount)}: 0 for an unseen item, 1 for the most popular. */
  public static double prior(long count, long maxCount) {
    long max = Math.max(maxCount, 1);
    return Math.log1p(count) / Math.log1p(max);
  }
}
