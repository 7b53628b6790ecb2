package io.ebb.rank;

import com.typesafe.config.Config;
import java.time.Duration;

/** Ranking knobs, from {@code ebb.recommend}. */
public record RecommendSettings(
    int defaultLimit,
    int maxLimit,
    int candidatePool,
    double popularityWeight,
    double diversityLambda,
    Duration popularityFlushInterval,
    Duration popularityRefreshInterval) {

  public RecommendSettings {
    if (diversityLambda < 0 || diversityLambda > 1) {
      throw new IllegalArgumentException("ebb.recommend.diversity-lambda must be within [0, 1]");
    }
  }

  public static RecommendSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("recommend");
    return new RecommendSettings(
        c.getInt("default-limit"),
        c.getInt("max-limit"),
        c.getInt("candidate-pool"),
        c.getDouble("popularity-weight"),
        c.getDouble("diversity-lambda"),
        c.getDuration("popularity-flush-interval"),
        c.getDuration("popularity-refresh-interval"));
  }
}
