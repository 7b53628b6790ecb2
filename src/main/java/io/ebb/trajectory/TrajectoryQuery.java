package io.ebb.trajectory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a trajectory is asked for: the window (by default from the user's first event to {@link #DEFAULT_AHEAD}
 * past now), how many instants to sample in it, and how many of the strongest tags to follow.
 */
public record TrajectoryQuery(Optional<Instant> from, Optional<Instant> to, int points, int tags) {

  public static final int DEFAULT_POINTS = 200;
  public static final int MAX_POINTS = 500;
  public static final int DEFAULT_TAGS = 5;
  public static final int MAX_TAGS = 20;
  /** How far past now the default window shows the projected fade. */
  public static final Duration DEFAULT_AHEAD = Duration.ofDays(7);
  /** The latest {@code to} accepted, past now: a projection further out says nothing more and risks overflow. */
  public static final Duration MAX_AHEAD = Duration.ofDays(366);

  public static final TrajectoryQuery DEFAULT =
      new TrajectoryQuery(Optional.empty(), Optional.empty(), DEFAULT_POINTS, DEFAULT_TAGS);

  public TrajectoryQuery {
    if (points < 2 || points > MAX_POINTS) {
      throw new OutOfRange("points", "points must be an integer from 2 to " + MAX_POINTS + ", was " + points);
    }
    if (tags < 0 || tags > MAX_TAGS) {
      throw new OutOfRange("tags", "tags must be an integer from 0 to " + MAX_TAGS + ", was " + tags);
    }
    from.ifPresent(f -> requireAfterEpoch("from", f));
    to.ifPresent(t -> requireAfterEpoch("to", t));
  }

  /** The window this query asks for, given the user's first event and the current instant. */
  Window window(Instant firstEventAt, Instant now) {
    Instant latest = now.plus(MAX_AHEAD);
    to.filter(t -> t.isAfter(latest)).ifPresent(t -> {
      throw new OutOfRange("to", "to (" + t + ") must be at most " + MAX_AHEAD.toDays() + " days after now");
    });
    from.filter(f -> f.isAfter(latest)).ifPresent(f -> {
      throw new OutOfRange("from", "from (" + f + ") must be at most " + MAX_AHEAD.toDays() + " days after now");
    });
    Instant start = from.orElse(firstEventAt);
    Instant end = to.orElse(now.plus(DEFAULT_AHEAD));
    if (!end.isAfter(start)) {
      throw new OutOfRange(
          to.isPresent() ? "to" : "from",
          "the window must end after it starts: from " + start + (from.isPresent() ? "" : " (the first event)")
              + ", to " + end + (to.isPresent() ? "" : " (now + " + DEFAULT_AHEAD.toDays() + " days)"));
    }
    return new Window(start, end);
  }

  record Window(Instant from, Instant to) {}

  private static void requireAfterEpoch(String field, Instant t) {
    if (t.isBefore(Instant.EPOCH)) {
      throw new OutOfRange(field, field + " (" + t + ") must not be before 1970-01-01T00:00:00Z");
    }
  }

  /** A query parameter out of its range; {@code field} names it. */
  public static final class OutOfRange extends IllegalArgumentException {
    private final String field;

    public OutOfRange(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }
}
