package io.ebb.api;

import io.ebb.interest.Decay;
import io.ebb.trajectory.Trajectory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /v1/users/{id}/interests/trajectory}. */
record TrajectoryResponse(
    String userId,
    int settingsVersion,
    Instant from,
    Instant to,
    Instant now,
    long eventCount,
    Instant firstEventAt,
    Instant lastEventAt,
    List<Horizon> horizons,
    List<String> tags,
    List<Point> points,
    List<Event> events) {

  record Horizon(String name, String halfLife) {}

  record Point(Instant at, boolean projected, Map<String, Double> horizons, Map<String, Double> tags, int events) {}

  record Event(
      String eventId, String itemId, String type, Double value, Instant timestamp, double weight,
      Map<String, String> context) {}

  static TrajectoryResponse of(String userId, Trajectory t) {
    return new TrajectoryResponse(
        userId,
        t.settingsVersion(),
        t.from(),
        t.to(),
        t.now(),
        t.eventCount(),
        t.firstEventAt(),
        t.lastEventAt(),
        t.horizons().stream().map(h -> new Horizon(h.name(), Decay.format(h.halfLife()))).toList(),
        t.tags(),
        t.points().stream()
            .map(p -> new Point(p.at(), p.projected(), rounded(p.horizons()), rounded(p.tags()), p.events()))
            .toList(),
        t.events().stream()
            .map(e -> new Event(e.eventId(), e.itemId(), e.type().wireName(), e.value(), e.timestamp(),
                round(e.weight()), e.context()))
            .toList());
  }

  private static Map<String, Double> rounded(Map<String, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, round(v)));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
