package io.ebb.user;

import com.typesafe.config.Config;
import java.time.Duration;

/** Per-entity limits and timings, from {@code ebb.user}. */
public record UserSettings(
    int maxConsumedItems,
    int dedupWindow,
    int recentEvents,
    int snapshotEvery,
    int keepSnapshots,
    Duration tickInterval,
    Duration maxFutureSkew) {

  public static UserSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("user");
    return new UserSettings(
        c.getInt("max-consumed-items"),
        c.getInt("dedup-window"),
        c.getInt("recent-events"),
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getDuration("tick-interval"),
        c.getDuration("max-future-skew"));
  }
}
