package io.ebb.model;

import io.ebb.interest.Decay;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything that decides what Ebb answers for a journal, in one immutable value: the decay fold's settings
 * ({@link InterestSettings}), how item vectors are made ({@link ItemSpace}) and how candidates are ranked
 * ({@link Ranking}). A user's state is a function of (journal, model, instant): the service folds and ranks under
 * the active model, {@code ebb eval} and {@code ebb tune} score candidate models with the same code, and
 * {@code ebb tune --apply} stores the winner as the next version, which every node adopts (its entities rebuild
 * their state from their journals under it).
 *
 * @param version increases by one with every applied model (1 = the configured defaults; the tuner's candidates
 *     carry the version of their fold settings, which means nothing until applied)
 * @param activatedAt when this version became active (snapshots taken before it are ignored)
 * @param origin what produced it ({@code "config"}, or the tuner's description)
 * @param interest the fold's settings; {@code interest.version()} is kept equal to {@code version}
 */
public record ServingModel(
    int version, Instant activatedAt, String origin, InterestSettings interest, ItemSpace items, Ranking ranking) {

  public ServingModel {
    Objects.requireNonNull(activatedAt, "activatedAt");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(interest, "interest");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(ranking, "ranking");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + version);
    }
    if (interest.version() != version) {
      interest = interest.withVersion(version);
    }
  }

  /** The configured defaults, version 1, active from the beginning of time, plain text item vectors. */
  public static ServingModel defaults(InterestSettings interest, Ranking ranking) {
    return new ServingModel(1, Instant.EPOCH, "config", interest, ItemSpace.TEXT_ONLY, ranking);
  }

  /** A setting the tuner tries (not applied: version of its fold settings, no activation instant). */
  public static ServingModel candidate(InterestSettings interest, ItemSpace items, Ranking ranking) {
    return new ServingModel(interest.version(), Instant.EPOCH, "candidate", interest, items, ranking);
  }

  /** This model as version {@code v}, active from {@code at}, with {@code origin} (what {@code --apply} stores). */
  public ServingModel applied(int v, Instant at, String by) {
    return new ServingModel(v, at, by, interest, items, ranking);
  }

  public ServingModel withInterest(InterestSettings s) {
    return new ServingModel(version, activatedAt, origin, s, items, ranking);
  }

  public ServingModel withItems(ItemSpace space) {
    return new ServingModel(version, activatedAt, origin, interest, space, ranking);
  }

  public ServingModel withRanking(Ranking r) {
    return new ServingModel(version, activatedAt, origin, interest, items, r);
  }

  public ServingModel withPopularityWeight(double w) {
    return withRanking(ranking.withPopularityWeight(w));
  }

  /** True when stated interests have a share of the query vector. */
  public boolean usesStated() {
    return interest.stated().mix() > 0;
  }

  /** True when every horizon has an infinite half-life: no decay at all. */
  public boolean noDecay() {
    return interest.horizons().stream().allMatch(h -> Decay.NEVER.equals(h.halfLife()));
  }

  /** The same model with every half-life infinite. */
  public ServingModel withoutDecay() {
    return withInterest(interest.withHorizons(interest.horizons().stream()
        .map(h -> new HorizonSettings(h.name(), Decay.NEVER, h.mix()))
        .toList()));
  }

  /** The half-life of the first horizon: the x axis of the sweep plot. */
  public Duration firstHalfLife() {
    return interest.horizons().get(0).halfLife();
  }

  /** {@code "short 30s×0.8 + long 1d×0.2, rate (v−0)·1, pop 0.1, text 0.1 + cf 1"}: see {@link ModelLabel}. */
  public String label() {
    return ModelLabel.of(this);
  }
}
