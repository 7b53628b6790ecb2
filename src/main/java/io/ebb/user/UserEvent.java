package io.ebb.user;

import io.ebb.CborSerializable;
import io.ebb.interest.EventType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
   * Stated interests read from the user's recent behaviour by a language model or the built-in summariser
   * ({@code modelId} says which, {@code promptVersion} with which prompt). The topic vectors are recorded with
   * them, so a replay never needs the model: a journal replays to the same state wherever it is read.
   */
  record InterestsCaptured(
      Instant at,
      List<CapturedTopic> topics,
      String summary,
      String modelId,
      String promptVersion)
      implements UserEvent {
    public InterestsCaptured {
      topics = List.copyOf(topics);
    }
  }

  /** One stated interest: a short topic, its weight in [0, 1], "short" or "long", and the topic's embedding. */
  record CapturedTopic(String topic, double weight, String horizon, float[] vector) {
    @Override
    public boolean equals(Object o) {
      return o instanceof CapturedTopic other
          && topic.equals(other.topic)
          && weight == other.weight
          && horizon.equals(other.horizon)
          && Arrays.equals(vector, other.vector);
    }

    @Override
    public int hashCode() {
      return Objects.hash(topic, weight, horizon, Arrays.hashCode(vector));
    }

    @Override
    public String toString() {
      return "CapturedTopic[" + topic + ", " + weight + ", " + horizon + "]";
    }
  }

  /**
   * The user asked to be forgotten. It is journalled so that the entity resets before its events are deleted;
   * the deletion then removes this event too.
   */
  record UserForgotten(Instant at) implements UserEvent {}
}
