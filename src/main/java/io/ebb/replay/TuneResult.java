package io.ebb.replay;

import io.ebb.model.ServingModel;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an evaluation or tuning run found: every method on the validation and test targets, the setting chosen
 * (on validation targets only), the whole sweep, and how long each phase took.
 *
 * @param methods by name, in report order: {@code popularity}, {@code itemknn}, {@code ebb-text} (the best
 *     text-only setting, when the grid holds some), {@code ebb-nodecay} (the best setting without decay, or the
 *     chosen one with infinite half-lives), {@code ebb} (the chosen setting), {@code ebb-unstated} (the best
 *     setting with stated mix 0, when the chosen one has a stated share), {@code ebb-stated} (the best setting with
 *     a stated share, when some were tried), and {@code ebb-asymmetric} (the best setting with asymmetric
 *     collaborative vectors, when the grid holds some) with {@code ebb-symmetric} beside it; {@code ebb-nocontext}
 *     (the best setting without context: no time share, no place prior); {@code ebb-time} (the best time-context
 *     setting alone, when some were tried); on data with places also {@code nearby-popular} (popular items near
 *     where the user was) and {@code ebb-place} (the best place prior alone)
 * @param best the setting {@code ebb} chose: the best validation NDCG@10 among the grid's settings, the stated
 *     shares and the ranking knobs tried on top of it
 * @param sweep the grid's settings (stated mix 0); the stated shares tried are in {@code stated}
 * @param stated the stated component off and on
 * @param ranking the ranking knobs tried on the best setting (its ranking without them first, then each diversity
 *     value and pool tried), each on validation and test targets: what diversity costs or gains
 * @param time time context off and on ({@link TimeComparison#tried} false when no time setting was tried)
 * @param place the place prior off and on ({@link PlaceComparison#NONE} for data without places)
 */
public record TuneResult(
    String dataset,
    Protocol protocol,
    String protocolText,
    Split.Stats stats,
    ColdStats cold,
    Map<String, MethodResult> methods,
    ServingModel best,
    List<SweepRow> sweep,
    StatedComparison stated,
    List<MethodResult> ranking,
    TimeComparison time,
    PlaceComparison place,
    RecencyComparison recency,
    Timings timings) {

  public TuneResult {
    methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
    sweep = List.copyOf(sweep);
    ranking = List.copyOf(ranking);
  }

  /**
   * The place prior off and on, when the data has places: the best setting without one ({@code ebb-nocontext})
   * against the best place prior tried on top of it, on validation and test targets.
   *
   * @param nearbyScaleKm the scale the {@code nearby-popular} baseline chose on validation targets
   * @param settings each place prior tried, with its validation metrics
   * @param without the best setting without a place prior
   * @param with the best setting with one, whether chosen or not
   */
  public record PlaceComparison(
      double nearbyScaleKm, List<SweepRow> settings, MethodResult without, MethodResult with) {

    /** Data without places: nothing tried. */
    public static final PlaceComparison NONE = new PlaceComparison(Double.NaN, List.of(), null, null);

    public PlaceComparison {
      settings = List.copyOf(settings);
    }

    public boolean tried() {
      return with != null;
    }
  }

  /**
   * Recent popularity off and on: the best setting with context but no recent counts (the place prior where it
   * gains) against the best share tried on top of it, the place priors and popularity weights tried again with it.
   *
   * @param halfLife how recent counts fade ({@code ebb.recommend.recent-popularity-half-life}), or {@code null}
   * @param settings each setting tried, with its validation metrics
   * @param without the setting the shares were tried on
   * @param with the best setting with a share, whether chosen or not; {@code null} when none was tried
   */
  public record RecencyComparison(
      Duration halfLife, List<SweepRow> settings, MethodResult without, MethodResult with) {

    /** Nothing tried. */
    public static final RecencyComparison NONE = new RecencyComparison(null, List.of(), null, null);

    public RecencyComparison {
      settings = List.copyOf(settings);
    }

    public boolean tried() {
      return with != null;
    }
  }

  /**
   * Time context off and on: the best setting without context ({@code ebb-nocontext}) against the best time
   * setting tried on top of it, alone (no place prior), on validation and test targets.
   *
   * @param settings each time setting tried, with its validation metrics
   * @param without the best setting without context
   * @param with the best time setting, whether chosen or not; {@code null} when none was tried
   */
  public record TimeComparison(List<SweepRow> settings, MethodResult without, MethodResult with) {

    public TimeComparison {
      settings = List.copyOf(settings);
    }

    public boolean tried() {
      return with != null;
    }
  }

  /**
   * One method: its setting ({@code null} for the baselines) and metrics.
   *
   * @param setting the candidate it ran with, or {@code null}
   */
  public record MethodResult(String name, ServingModel setting, Evaluation validation, Evaluation test) {
    /** The same result under another name. */
    public MethodResult named(String other) {
      return new MethodResult(other, setting, validation, test);
    }
  }

  /** One setting of the sweep with its validation metrics. */
  public record SweepRow(ServingModel candidate, MetricSet validation) {}

  /**
   * The stated component off and on: the best setting of the sweep (stated mix 0) against the best of the stated
   * shares tried on top of it, on validation and test targets, so a reader sees what stated interests do.
   *
   * @param source where the captures came from, {@code "simulated (ebb-summariser/1)"} or
   *     {@code "recorded (…)"}; {@code "off"} when no share was tried
   * @param captures how many captures the users have, over all of them
   * @param settings each stated share tried, with its validation metrics
   * @param without the best setting with stated mix 0
   * @param with the best setting with a stated share, or {@code null} when none was tried
   */
  public record StatedComparison(
      String source, int captures, List<SweepRow> settings, MethodResult without, MethodResult with) {

    public StatedComparison {
      settings = List.copyOf(settings);
    }

    /** True when a stated share was tried. */
    public boolean tried() {
      return with != null;
    }
  }

  /** How many candidate items and targets are cold: their item has no training event. */
  public record ColdStats(int coldItems, int coldValidationTargets, int coldTestTargets) {}

  /** Milliseconds per phase. */
  public record Timings(
      long prepareMillis, long embedMillis, long learnMillis, long baselinesMillis, long sweepMillis,
      long statedMillis, long finalMillis, long totalMillis) {}
}
