package io.ebb.replay;

/**
 * Mean metrics over a set of targets.
 *
 * @param targets how many targets were ranked
 * @param coverage distinct items in all the top-10 lists, over the number of candidate items
 */
public record MetricSet(int targets, double ndcg10, double hr10, double mrr, double coverage) {

  public static final MetricSet EMPTY = new MetricSet(0, 0, 0, 0, 0);
}
