package io.ebb.rank;

import com.typesafe.config.Config;
import io.ebb.model.PlacePrior;
import io.ebb.model.Ranking;
import java.time.Duration;

/**
 * Recommendation knobs from {@code ebb.recommend}. {@code ranking} is the configured default of the serving model's
 * {@link Ranking}: what nodes rank with until {@code ebb tune --apply} stores a tuned one.
 */
public record RecommendSettings(
    int defaultLimit,
    int maxLimit,
    Ranking ranking,
    Duration popularityFlushInterval,
    Duration popularityRefreshInterval) {

  public static RecommendSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("recommend");
    Ranking ranking;
    try {
      ranking = new Ranking(c.getDouble("popularity-weight"), c.getDouble("diversity-lambda"),
          c.getInt("candidate-pool"), new PlacePrior(c.getDouble("place-weight"), c.getDouble("place-scale-km")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ebb.recommend: " + e.getMessage(), e);
    }
    return new RecommendSettings(
        c.getInt("default-limit"),
        c.getInt("max-limit"),
        ranking,
        c.getDuration("popularity-flush-interval"),
        c.getDuration("popularity-refresh-interval"));
  }
}
