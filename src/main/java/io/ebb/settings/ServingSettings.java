package io.ebb.settings;

import io.ebb.interest.InterestSettings;
import java.time.Instant;

/**
 * The setting every node serves with: the decay fold's settings plus the ranking knobs that tuning chooses.
 * Versioned: {@code ebb tune --apply} stores a new version in Cassandra; every node picks it up and its user
 * entities rebuild their state from their journals under it.
 *
 * @param version increases by one with every applied setting (1 = the configured defaults)
 * @param activatedAt when this version became active (snapshots taken before it are ignored)
 * @param origin what produced it ("config", or the tuner's description)
 * @param interest the decay fold's settings; {@code interest.version()} equals {@code version}
 * @param popularityWeight weight of the popularity prior in ranking
 * @param textWeight weight of an item's text embedding in its vector
 * @param cfWeight weight of an item's collaborative (behaviour-learned) vector in its vector; 0 = text only
 */
public record ServingSettings(
    int version,
    Instant activatedAt,
    String origin,
    InterestSettings interest,
    double popularityWeight,
    double textWeight,
    double cfWeight) {

  public ServingSettings {
    if (interest.version() != version) {
      interest = interest.withVersion(version);
    }
    if (textWeight < 0 || cfWeight < 0 || textWeight + cfWeight == 0) {
      throw new IllegalArgumentException("textWeight and cfWeight must be >= 0 and not both 0");
    }
  }

  /** The configured defaults, active from the beginning of time. */
  public static ServingSettings defaults(InterestSettings interest, double popularityWeight) {
    return new ServingSettings(1, Instant.EPOCH, "config", interest, popularityWeight, 1.0, 0.0);
  }

  public ServingSettings asVersion(int newVersion, Instant at) {
    return new ServingSettings(newVersion, at, origin, interest, popularityWeight, textWeight, cfWeight);
  }
}
