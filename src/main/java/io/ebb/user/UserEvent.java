package io.ebb.user;

import io.ebb.CborSerializable;
import io.ebb.interest.EventType;
import java.time.Instant;
import java.util.Map;

/** What the user's journal records. These are the truth that every state, replay and tuning run derives from. */
public sealed interface UserEvent extends CborSerializable {

  /** A behaviour event as received and validated: the item, what the user did, when, and in what context. */
  record BehaviorRecorded(
      String eventId,
      String itemId,
      EventType type,
      Double value,
      Instant timestamp,
      Map<String, String> context)
      implements UserEvent {
    public BehaviorRecorded {
      context = context == null ? Map.of() : Map.copyOf(context);
    }
  }

  /**
   * The user asked to be forgotten. It is journalled so that the entity resets before its events are deleted;
   * the deletion then removes this event too.
   */
  record UserForgotten(Instant at) implements UserEvent {}
}
