package io.ebb.rank;

import io.ebb.interest.EventType;
import java.time.Duration;
import java.time.Instant;

/** Wording of recommendation reasons. */
final class Phrases {

  private Phrases() {}

  static String pastTense(EventType type) {
    return switch (type) {
      case VIEW -> "viewed";
      case CLICK -> "clicked";
      case LIKE -> "liked";
      case DISLIKE -> "disliked";
      case ADD_TO_CART -> "added to cart";
      case PURCHASE -> "purchased";
      case RATE -> "rated";
      case SHARE -> "shared";
      case SKIP -> "skipped";
    };
  }

  static String ago(long epochMilli, Instant now) {
    Duration d = Duration.between(Instant.ofEpochMilli(epochMilli), now);
    if (d.isNegative() || d.toMinutes() < 1) {
      return "just now";
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + "m ago";
    }
    if (d.toDays() < 1) {
      return d.toHours() + "h ago";
    }
    if (d.toDays() < 365) {
      return d.toDays() + "d ago";
    }
    return d.toDays() / 365 + "y ago";
  }

  /** {@code "120 m"} below a kilometre, {@code "2.4 km"} above. */
  static String distance(double km) {
    return km < 1 ? Math.round(km * 1000) + " m" : String.format(java.util.Locale.ROOT, "%.1f km", km);
  }
}
