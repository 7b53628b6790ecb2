package io.ebb.trajectory;

import io.ebb.interest.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's interests over a window: each horizon's norm and the followed tags' weights at evenly spaced instants,
 * those after {@code now} projected (the fade with no further events), and the user's latest behaviour events.
 *
 * @param horizons the horizons of the active model, then {@link TrajectoryFold#STATED}: what each point measures
 * @param tags the strongest tags over the window (by their peak weight), strongest first
 * @param eventCount behaviour events in the journal (since the user was last forgotten, if ever)
 * @param events the latest behaviour events up to {@code to}, oldest first, at most {@link TrajectoryFold#MAX_EVENTS}
 */
public record Trajectory(
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

  public Trajectory {
    horizons = List.copyOf(horizons);
    tags = List.copyOf(tags);
    points = List.copyOf(points);
    events = List.copyOf(events);
  }

  /** A horizon (or the stated component) and the half-life it fades with. */
  public record Horizon(String name, Duration halfLife) {}

  /**
   * The state at {@code at}: each horizon's norm (its vector's length, decayed to {@code at}: how much interest it
   * holds) and each followed tag's weight, both in events' worth; {@code events} behaviour events since the point
   * before (for the first point: from {@code from} on).
   */
  public record Point(
      Instant at, boolean projected, Map<String, Double> horizons, Map<String, Double> tags, int events) {
    public Point {
      horizons = Collections.unmodifiableMap(new LinkedHashMap<>(horizons)); // in the order of the horizons and tags
      tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
  }

  /** A behaviour event as journalled, with the weight the active model gives it. */
  public record Event(
      String eventId,
      String itemId,
      EventType type,
      Double value,
      Instant timestamp,
      double weight,
      Map<String, String> context) {}
}
