package io.ebb.trajectory;

import io.ebb.interest.Decay;
import io.ebb.interest.HorizonView;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.interest.StatedState;
import io.ebb.interest.StatedTopic;
import io.ebb.interest.TagWeight;
import io.ebb.interest.VectorMath;
import io.ebb.trajectory.Trajectory.Event;
import io.ebb.trajectory.Trajectory.Horizon;
import io.ebb.trajectory.Trajectory.Point;
import io.ebb.trajectory.TrajectoryQuery.Window;
import io.ebb.user.ItemLookup;
import io.ebb.user.UserEvent;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.CapturedTopic;
import io.ebb.user.UserEvent.InterestsCaptured;
import io.ebb.user.UserEvent.UserForgotten;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds one user's journal into a {@link Trajectory}: the journal's events sorted by their own instants and folded
 * with {@link InterestState} under one model's settings, the state read at each sampled instant before the events
 * after it are folded. Decay is a pure function of time, so the instants past the last event (the projected fade
 * included) are read from the same final state. O(events + points · dimension).
 *
 * <p>It answers what the entity would, as a function of the journal and the model: an event whose item the
 * catalog does not know now (or whose vector does not fit) adds nothing, as a pending event adds nothing to the
 * entity's view; a capture of stated interests folds into the stated horizon. Folding in time order instead of
 * journal order gives the same state up to float rounding (the fold is linear in the events); at each instant it
 * holds exactly the events up to that instant, which a state folded in journal order could not tell apart.
 */
public final class TrajectoryFold {

  /** The name of the stated component, after the horizons of the settings. */
  public static final String STATED = "stated";
  /** The latest events a trajectory lists. */
  public static final int MAX_EVENTS = 200;

  private final InterestSettings settings;
  private final ItemLookup items;

  public TrajectoryFold(InterestSettings settings, ItemLookup items) {
    this.settings = settings;
    this.items = items;
  }

  /** The trajectory of a journal (its events in journal order), or empty when it holds no behaviour event. */
  public Optional<Trajectory> replay(List<?> journal, TrajectoryQuery query, Instant now) {
    List<Timed> timeline = timeline(journal);
    List<BehaviorRecorded> behaviour = timeline.stream()
        .map(Timed::event).filter(BehaviorRecorded.class::isInstance).map(BehaviorRecorded.class::cast).toList();
    if (behaviour.isEmpty()) {
      return Optional.empty();
    }
    Window window = query.window(behaviour.get(0).timestamp(), now);
    List<Instant> instants = instants(window, query.points(), now);

    List<Horizon> horizons = new ArrayList<>();
    settings.horizons().forEach(h -> horizons.add(new Horizon(h.name(), h.halfLife())));
    horizons.add(new Horizon(STATED, settings.stated().halfLife()));

    List<Map<String, Double>> horizonValues = new ArrayList<>(instants.size());
    List<Map<String, Double>> tagValues = new ArrayList<>(instants.size());
    int[] counts = new int[instants.size()];
    Map<String, Double> peaks = new HashMap<>();
    InterestState state = InterestState.empty(settings);
    int next = 0;
    for (int i = 0; i < instants.size(); i++) {
      Instant at = instants.get(i);
      for (; next < timeline.size() && !timeline.get(next).at().isAfter(at); next++) {
        Timed t = timeline.get(next);
        state = fold(state, t.event());
        if (t.event() instanceof BehaviorRecorded && !t.at().isBefore(window.from())) {
          counts[i]++;
        }
      }
      horizonValues.add(horizonValues(state, at));
      Map<String, Double> tags = new HashMap<>();
      for (TagWeight tw : state.topTags(settings, at, Integer.MAX_VALUE)) {
        tags.put(tw.tag(), tw.weight());
        peaks.merge(tw.tag(), tw.weight(), Math::max);
      }
      tagValues.add(tags);
    }

    List<String> followed = peaks.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(query.tags())
        .map(Map.Entry::getKey)
        .toList();
    List<Point> points = new ArrayList<>(instants.size());
    for (int i = 0; i < instants.size(); i++) {
      Map<String, Double> tags = new LinkedHashMap<>();
      for (String tag : followed) {
        tags.put(tag, tagValues.get(i).getOrDefault(tag, 0.0));
      }
      Instant at = instants.get(i);
      points.add(new Point(at, at.isAfter(now), horizonValues.get(i), tags, counts[i]));
    }

    Instant last = behaviour.stream().map(BehaviorRecorded::timestamp).max(Comparator.naturalOrder()).orElseThrow();
    return Optional.of(new Trajectory(
        settings.version(), window.from(), window.to(), now, behaviour.size(), behaviour.get(0).timestamp(), last,
        horizons, followed, points, latestEvents(behaviour, window)));
  }

  /** A journalled event and the instant it happened at; the journal's order breaks ties. */
  private record Timed(Instant at, UserEvent event) {}

  /** The events after the last {@link UserForgotten} (its deletion did not finish), by their own instants. */
  private static List<Timed> timeline(List<?> journal) {
    List<Timed> out = new ArrayList<>(journal.size());
    for (Object e : journal) {
      if (e instanceof BehaviorRecorded b) {
        out.add(new Timed(b.timestamp(), b));
      } else if (e instanceof InterestsCaptured c) {
        out.add(new Timed(c.at(), c));
      } else if (e instanceof UserForgotten) {
        out.clear();
      }
    }
    out.sort(Comparator.comparing(Timed::at)); // stable: the journal's order among equal instants
    return out;
  }

  /**
   * {@code n} instants evenly spaced from {@code from} to {@code to}; when {@code now} is inside the window the
   * instant between the ends nearest to it is moved onto it, so that the observed lines and the projected ones
   * meet there (and that point is the entity's answer as of now).
   */
  static List<Instant> instants(Window window, int n, Instant now) {
    long span = Duration.between(window.from(), window.to()).toMillis();
    double step = span / (double) (n - 1);
    Instant[] grid = new Instant[n];
    for (int i = 0; i < n; i++) {
      // The ends exactly (the first event has the journal's precision), the instants between to the millisecond.
      grid[i] = i == 0 ? window.from() : i == n - 1 ? window.to() : window.from().plusMillis(Math.round(step * i));
    }
    if (n > 2 && now.isAfter(window.from()) && now.isBefore(window.to())) {
      long sinceFrom = Duration.between(window.from(), now).toMillis();
      int nearest = (int) Math.max(1, Math.min(n - 2, Math.round(sinceFrom / step)));
      grid[nearest] = now;
    }
    List<Instant> out = new ArrayList<>(n);
    for (Instant t : grid) {
      if (out.isEmpty() || t.isAfter(out.get(out.size() - 1))) { // a window under n milliseconds has fewer
        out.add(t);
      }
    }
    return out;
  }

  private InterestState fold(InterestState state, UserEvent event) {
    if (event instanceof BehaviorRecorded b) {
      Optional<ItemLookup.Features> item = items.find(b.itemId());
      if (item.isEmpty() || !fits(state, item.get().vector())) {
        return state;
      }
      double weight = settings.weights().weightOf(b.type(), b.value());
      return state.apply(settings, b.timestamp(), weight, item.get().vector(), item.get().tags(),
          settings.time().zone(b.context().get("tz")));
    }
    if (event instanceof InterestsCaptured c && !c.topics().isEmpty()) {
      List<StatedTopic> topics = new ArrayList<>(c.topics().size());
      List<float[]> vectors = new ArrayList<>(c.topics().size());
      for (CapturedTopic t : c.topics()) {
        if (t.vector() == null || t.vector().length == 0) {
          return state; // recorded without vectors: nothing to fold, as the entity keeps only its summary
        }
        float[] v = items.textVector(t.vector());
        if (!fits(state, v) || (!vectors.isEmpty() && v.length != vectors.get(0).length)) {
          return state;
        }
        topics.add(new StatedTopic(t.topic(), t.weight()));
        vectors.add(v);
      }
      return state.capture(settings, c.at(), topics, vectors);
    }
    return state;
  }

  private static boolean fits(InterestState state, float[] vector) {
    return vector.length > 0 && (state.dimension() == 0 || vector.length == state.dimension());
  }

  /** Each horizon's norm decayed to {@code at}, then the stated component's. */
  private Map<String, Double> horizonValues(InterestState state, Instant at) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (HorizonView h : state.horizonsAsOf(settings, at)) {
      values.put(h.name(), h.norm());
    }
    StatedState stated = state.stated();
    double norm = stated.isEmpty()
        ? 0.0
        : VectorMath.norm(stated.vector())
            * Decay.factor(settings.stated().halfLife(), Math.max(0L, at.toEpochMilli() - stated.asOfEpochMilli()));
    values.put(STATED, norm);
    return values;
  }

  private List<Event> latestEvents(List<BehaviorRecorded> behaviour, Window window) {
    List<Event> out = new ArrayList<>();
    for (int i = behaviour.size() - 1; i >= 0 && out.size() < MAX_EVENTS; i--) {
      BehaviorRecorded b = behaviour.get(i);
      if (b.timestamp().isAfter(window.to())) {
        continue;
      }
      if (b.timestamp().isBefore(window.from())) {
        break;
      }
      out.add(new Event(b.eventId(), b.itemId(), b.type(), b.value(), b.timestamp(),
          settings.weights().weightOf(b.type(), b.value()), b.context()));
    }
    Collections.reverse(out);
    return out;
  }
}
