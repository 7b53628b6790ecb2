package io.ebb.replay.data;

import io.ebb.interest.EventType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One behaviour event read from a dataset: who did what to which item, when, and where or on what it happened.
 * {@code value} is the rating of a {@link EventType#RATE} event (required there) and {@code null} when the source
 * gave none. {@code context} holds the event's context entries as the HTTP API takes them ({@code lat},
 * {@code lon}, {@code tz}, …): a {@link Double} where the source's text parses as a number, else the text.
 */
public record Interaction(
    String userId, String itemId, long epochMilli, EventType type, Double value, Map<String, Object> context) {

  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    context = context == null || context.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(context));
  }

  /** An event without context. */
  public Interaction(String userId, String itemId, long epochMilli, EventType type, Double value) {
    this(userId, itemId, epochMilli, type, value, Map.of());
  }
}
