package io.ebb.rank;

import com.typesafe.config.Config;
import io.ebb.model.PlacePrior;
import io.ebb.model.Ranking;
import java.time.Duration;

/**
 * Recommendation knobs from {@code ebb.recommend}. {@code ranking} is the configured default of the serving model's
 * {@link Ranking}: what nodes rank with until {@code ebb tune --apply} stores a tuned one.
 *
 * @param recentPopularityHalfLife how fast recent popularity fades ({@link Recency}): a node setting rather than part
 *     of the tuned ranking, because the shared counters are kept per half-life (the replay's eval and tune read the
 *     same setting)
 */
public record RecommendSettings(
    int defaultLimit,
    int maxLimit,
    Ranking ranking,
    Duration popularityFlushInterval,
    Duration popularityRefreshInterval,
    Duration recentPopularityHalfLife) {

  public static RecommendSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("recommend");
    Ranking ranking;
    Recency recency;
    try {
      ranking = new Ranking(c.getDouble("popularity-weight"), c.getDouble("diversity-lambda"),
          c.getInt("candidate-pool"), new PlacePrior(c.getDouble("place-weight"), c.getDouble("place-scale-km")),
          c.getDouble("popularity-recency"));
      recency = new Recency(c.getDuration("recent-popularity-half-life"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ebb.recommend: " + e.getMessage(), e);
    }
    return new RecommendSettings(
        c.getInt("default-limit"),
        c.getInt("max-limit"),
        ranking,
        c.getDuration("popularity-flush-interval"),
        c.getDuration("popularity-refresh-interval"),
        recency.halfLife());
  }

  /** How recent popularity is counted. */
  public Recency recency() {
    return new Recency(recentPopularityHalfLife);
  }
}
