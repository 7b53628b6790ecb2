package io.ebb.app;

import com.typesafe.config.Config;
import io.ebb.interest.Decay;
import io.ebb.interest.EventType;
import io.ebb.interest.EventWeights;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.StatedSettings;
import io.ebb.interest.TimeBuckets;
import io.ebb.interest.TimeSettings;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads the default interest setting from {@code ebb.interest} (the pure interest package knows no config). */
public final class InterestConfig {

  private InterestConfig() {}

  public static InterestSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("interest");
    List<HorizonSettings> horizons =
        c.getConfigList("horizons").stream()
            .map(h -> new HorizonSettings(h.getString("name"), Decay.parse(h.getString("half-life")), h.getDouble("mix")))
            .toList();
    Map<EventType, Double> weights = new EnumMap<>(EventType.class);
    Config w = c.getConfig("weights");
    for (EventType type : EventType.values()) {
      if (type != EventType.RATE) {
        weights.put(type, w.getDouble(type.wireName()));
      }
    }
    EventWeights eventWeights = new EventWeights(weights, c.getDouble("rate-center"), c.getDouble("rate-scale"));
    return new InterestSettings(
        1,
        horizons,
        eventWeights,
        Decay.parse(c.getString("tag-half-life")),
        c.getDouble("tag-floor"),
        c.getInt("max-tags"),
        new StatedSettings(Decay.parse(c.getString("stated.half-life")), c.getDouble("stated.mix")),
        time(c.getConfig("time")));
  }

  private static TimeSettings time(Config c) {
    String zone = c.getString("default-zone");
    ZoneId defaultZone = TimeBuckets.zoneOf(zone);
    if (defaultZone == null) {
      throw new IllegalArgumentException(
          "ebb.interest.time.default-zone names no zone (an IANA id such as America/New_York, or an offset such as"
              + " -05:00): " + zone);
    }
    return new TimeSettings(Decay.parse(c.getString("half-life")), c.getDouble("share"), defaultZone);
  }
}
