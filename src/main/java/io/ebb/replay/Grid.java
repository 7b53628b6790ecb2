package io.ebb.replay;

import io.ebb.model.ItemSpace;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.interest.Decay;
import io.ebb.interest.EventWeights;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.model.CfParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Grids of {@link ServingModel} settings for the sweep. */
public final class Grid {

  /** Half-lives of the first ("short") horizon the standard sweep tries: seconds to years, and never. */
  public static final List<Duration> HALF_LIVES = List.of(
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
      Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30),
      Duration.ofDays(365), Decay.NEVER);

  /** A second, slower horizon mixed into the query, or none. */
  public record Long(Duration halfLife, double mix) {
    public static final Long NONE = new Long(null, 0);
  }

  /** A blend of the text and collaborative parts of item vectors. */
  public record Blend(double text, double cf) {}

  private Grid() {}

  /** Ratings weigh their value ({@code (v − 0) · 1}): every rating is an interaction, a good one counts more. */
  public static EventWeights weights() {
    return EventWeights.defaults().withRate(0.0, 1.0);
  }

  /**
   * The sweep {@code eval} runs (77 settings):
   *
   * <ul>
   *   <li>every half-life of {@link #HALF_LIVES}, alone and with a one-day horizon mixed in at 0.2, each with
   *       popularity weight 0 and 0.1, item vectors {@code [0.1 · text ; 1 · cf]} (44);
   *   <li>text-only item vectors at each half-life, popularity weight 0.1 (11; the {@code ebb-text} line);
   *   <li>the same horizons with asymmetric collaborative vectors, popularity weight 0 (22; the
   *       {@code ebb-asymmetric} line, which the service cannot serve yet: it folds and indexes one vector).
   * </ul>
   */
  public static List<ServingModel> standard(CfParams cf) {
    List<Long> longs = List.of(Long.NONE, new Long(Duration.ofDays(1), 0.2));
    CfParams symmetric = cf.withAsymmetric(false);
    List<ServingModel> grid = new ArrayList<>(product(
        HALF_LIVES, longs, List.of(0.0, 0.1), List.of(new Blend(0.1, 1.0)), weights(), symmetric));
    grid.addAll(product(
        HALF_LIVES, List.of(Long.NONE), List.of(0.1), List.of(new Blend(1.0, 0.0)), weights(), symmetric));
    grid.addAll(product(
        HALF_LIVES, longs, List.of(0.0), List.of(new Blend(0.1, 1.0)), weights(), cf.withAsymmetric(true)));
    return grid;
  }

  /** A 12-setting grid for quick runs and tests: six half-lives, with and without the popularity prior. */
  public static List<ServingModel> small(CfParams cf) {
    return product(
        List.of(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(6), Duration.ofDays(7),
            Duration.ofDays(365), Decay.NEVER),
        List.of(Long.NONE), List.of(0.0, 0.1), List.of(new Blend(0.1, 1.0)), weights(), cf);
  }

  /** Every combination, the half-life varying fastest (so plot lines read in order). */
  public static List<ServingModel> product(
      List<Duration> halfLives, List<Long> longs, List<Double> popularityWeights, List<Blend> blends,
      EventWeights weights, CfParams cf) {
    List<ServingModel> grid = new ArrayList<>();
    for (Blend blend : blends) {
      for (double pw : popularityWeights) {
        for (Long l : longs) {
          for (Duration h : halfLives) {
            List<HorizonSettings> horizons = l.halfLife() == null
                ? List.of(new HorizonSettings("short", h, 1.0))
                : List.of(
                    new HorizonSettings("short", h, 1.0 - l.mix()),
                    new HorizonSettings("long", l.halfLife(), l.mix()));
            InterestSettings s = InterestSettings.defaults().withHorizons(horizons).withWeights(weights);
            grid.add(ServingModel.candidate(
                s, new ItemSpace(blend.text(), blend.cf(), cf), Ranking.PLAIN.withPopularityWeight(pw)));
          }
        }
      }
    }
    return grid;
  }
}
