package io.ebb.replay.data;

import io.ebb.interest.EventType;
import java.util.Objects;

/**
 * One behaviour event read from a dataset: who did what to which item, when. {@code value} is the rating of a
 * {@link EventType#RATE} event (required there) and {@code null} when the source gave none.
 */
public record Interaction(String userId, String itemId, long epochMilli, EventType type, Double value) {

  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
  }
}
