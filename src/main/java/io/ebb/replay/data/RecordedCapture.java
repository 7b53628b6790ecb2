package io.ebb.replay.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A capture of stated interests as a user's journal recorded it ({@code InterestsCaptured}): when, the topics with
 * their weights, horizons and embeddings, and which model answered. Replays fold these as they are: a language
 * model's answer cannot be asked for again and come out the same.
 *
 * @param epochMilli the instant of the capture
 * @param topics the topics in recorded order, each with the plain text embedding it was recorded with
 * @param modelId the model that answered, e.g. {@code ebb-summariser/1} or {@code ollama:llama3.2}
 */
public record RecordedCapture(String userId, long epochMilli, List<Topic> topics, String modelId) {

  public RecordedCapture {
    Objects.requireNonNull(userId, "userId");
    topics = List.copyOf(topics);
    modelId = modelId == null ? "" : modelId;
  }

  /**
   * One recorded topic.
   *
   * @param weight in [0, 1]
   * @param horizon {@code "short"} or {@code "long"}, as recorded
   * @param vector the topic's text embedding (not yet blended into the item space)
   */
  public record Topic(String topic, double weight, String horizon, float[] vector) {

    public Topic {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(vector, "vector");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Topic other
          && topic.equals(other.topic)
          && Double.compare(weight, other.weight) == 0
          && Objects.equals(horizon, other.horizon)
          && Arrays.equals(vector, other.vector);
    }

    @Override
    public int hashCode() {
      return Objects.hash(topic, weight, horizon, Arrays.hashCode(vector));
    }

    @Override
    public String toString() {
      return "Topic[" + topic + ", " + weight + ", " + horizon + ", " + vector.length + "-d]";
    }
  }
}
