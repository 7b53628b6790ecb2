package io.ebb.replay;

import io.ebb.interest.Decay;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.replay.cf.CfParams;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One setting the tuner can choose: everything that decides what Ebb recommends from a journal.
 *
 * <p>The item vector the fold adds and the index matches is {@code [textWeight · text ; cfWeight · cf]}: the
 * unit text embedding and the collaborative vector (mean length 1, zeros for an item with no training event)
 * side by side. {@code cfWeight = 0} is text only (the collaborative part is then left out altogether).
 *
 * @param interest the fold's settings (horizons, mix, event weights)
 * @param popularityWeight weight of the popularity prior in {@link io.ebb.rank.Relevance#score}
 * @param textWeight weight of the text part of item vectors
 * @param cfWeight weight of the collaborative part of item vectors
 * @param cf how the collaborative part is learned; ignored when {@code cfWeight} is 0
 */
public record Candidate(
    InterestSettings interest, double popularityWeight, double textWeight, double cfWeight, CfParams cf) {

  public Candidate {
    Objects.requireNonNull(interest, "interest");
    Objects.requireNonNull(cf, "cf");
    if (!(textWeight >= 0) || !(cfWeight >= 0) || textWeight + cfWeight == 0) {
      throw new IllegalArgumentException(
          "textWeight and cfWeight must be >= 0 and not both 0, were " + textWeight + " and " + cfWeight);
    }
    if (!Double.isFinite(popularityWeight)) {
      throw new IllegalArgumentException("popularityWeight must be finite, was " + popularityWeight);
    }
  }

  /** True when the collaborative part is used. */
  public boolean usesCf() {
    return cfWeight > 0;
  }

  /** True when the collaborative part has separate history-side and candidate-side vectors. */
  public boolean asymmetric() {
    return usesCf() && cf.asymmetric();
  }

  /** True when stated interests have a share of the query vector ({@code interest.stated().mix() > 0}). */
  public boolean usesStated() {
    return interest.stated().mix() > 0;
  }

  /** True when every horizon has an infinite half-life: no decay at all. */
  public boolean noDecay() {
    return interest.horizons().stream().allMatch(h -> Decay.NEVER.equals(h.halfLife()));
  }

  /** The same setting with every half-life infinite. */
  public Candidate withoutDecay() {
    return withInterest(interest.withHorizons(interest.horizons().stream()
        .map(h -> new HorizonSettings(h.name(), Decay.NEVER, h.mix()))
        .toList()));
  }

  public Candidate withInterest(InterestSettings s) {
    return new Candidate(s, popularityWeight, textWeight, cfWeight, cf);
  }

  public Candidate withPopularityWeight(double w) {
    return new Candidate(interest, w, textWeight, cfWeight, cf);
  }

  public Candidate withBlend(double text, double collaborative) {
    return new Candidate(interest, popularityWeight, text, collaborative, cf);
  }

  /** The half-life of the first horizon: the x axis of the sweep plot. */
  public Duration firstHalfLife() {
    return interest.horizons().get(0).halfLife();
  }

  /**
   * {@code "short 30s×0.8 + long 1d×0.2, rate (v−0)·1, pop 0.1, text 0.3 + cf 1"}, and {@code ", stated 3d×0.1"}
   * when stated interests have a share.
   */
  public String label() {
    return horizonsLabel() + ", " + othersLabel(true) + statedLabel();
  }

  /** {@code ", stated 3d×0.1"}, or nothing when the stated component has no share. */
  private String statedLabel() {
    return usesStated()
        ? ", stated " + shortDuration(interest.stated().halfLife()) + "×" + num(interest.stated().mix())
        : "";
  }

  /** The label without the first horizon's half-life: what one line of the sweep plot shares. */
  public String lineLabel() {
    String rest = interest.horizons().stream().skip(1)
        .map(h -> h.name() + " " + shortDuration(h.halfLife()) + "×" + num(h.mix()))
        .collect(Collectors.joining(" + "));
    String first = interest.horizons().get(0).name() + " ×" + num(interest.horizons().get(0).mix());
    return first + (rest.isEmpty() ? "" : " + " + rest) + ", " + othersLabel(false) + statedLabel();
  }

  private String horizonsLabel() {
    return interest.horizons().stream()
        .map(h -> h.name() + " " + shortDuration(h.halfLife())
            + (interest.horizons().size() > 1 ? "×" + num(h.mix()) : ""))
        .collect(Collectors.joining(" + "));
  }

  private String othersLabel(boolean withRate) {
    var w = interest.weights();
    String rate = withRate ? "rate (v−" + num(w.rateCenter()) + ")·" + num(w.rateScale()) + ", " : "";
    String cfName = asymmetric() ? "cf (asymmetric) " : "cf ";
    String blend = cfWeight == 0
        ? "text only"
        : textWeight == 0 ? cfName + "only" : "text " + num(textWeight) + " + " + cfName + num(cfWeight);
    return rate + "pop " + num(popularityWeight) + ", " + blend;
  }

  /** {@code 30s}, {@code 10m}, {@code 6h}, {@code 30d}, {@code 1y}, {@code never}: for tables and legends. */
  public static String shortDuration(Duration d) {
    if (Decay.NEVER.equals(d)) {
      return "never";
    }
    long s = d.getSeconds();
    if (d.getNano() != 0 || s == 0) {
      return Decay.format(d);
    }
    long[] units = {365L * 86_400, 86_400, 3_600, 60, 1};
    String[] names = {"y", "d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s % units[i] == 0) {
        return s / units[i] + names[i];
      }
    }
    return Decay.format(d);
  }

  private static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e9) {
      return String.valueOf((long) x);
    }
    return String.format(Locale.ROOT, "%.3g", x).replaceAll("0+$", "");
  }
}
