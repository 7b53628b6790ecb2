package io.ebb.replay;

import com.typesafe.config.Config;
import io.ebb.model.ServingModel;
import io.ebb.rank.Recency;
import java.time.Duration;
import java.util.List;

/**
 * The shares of recent popularity the tuner tries ({@link io.ebb.model.Ranking#popularityRecency}), counted as the
 * service counts them ({@code recency}, {@code ebb.recommend.recent-popularity-half-life}), on top of the best
 * setting with context so far; then, with the best share, the place priors again where items have places (how
 * near an item must be to beat what is popular now is not how near it had to be to beat what was ever popular) and
 * the popularity weights.
 *
 * @param recency how recent counts fade, or {@code null} with no shares: nothing to try
 * @param shares values of {@link io.ebb.model.Ranking#popularityRecency} above 0
 */
public record RecencySweep(Recency recency, List<Double> shares) {

  /** Nothing to try. */
  public static final RecencySweep OFF = new RecencySweep(null, List.of());

  public RecencySweep {
    shares = List.copyOf(shares);
    if (recency == null && !shares.isEmpty()) {
      throw new IllegalArgumentException("recent popularity shares need a half-life");
    }
  }

  /** Half and all of the prior from recent counts, fading with {@code halfLife}. */
  public static RecencySweep standard(Duration halfLife) {
    return new RecencySweep(new Recency(halfLife), List.of(0.5, 1.0));
  }

  /**
   * The standard shares with the half-life the service counts with ({@code recommend.recent-popularity-half-life}
   * of {@code ebb}), so what replay tries is what a node can serve.
   */
  public static RecencySweep from(Config ebb) {
    return standard(ebb.getDuration("recommend.recent-popularity-half-life"));
  }

  public boolean isOff() {
    return shares.isEmpty();
  }

  /** {@code base} with each share. */
  public List<ServingModel> on(ServingModel base) {
    return shares.stream().map(s -> base.withRanking(base.ranking().withPopularityRecency(s))).toList();
  }
}
