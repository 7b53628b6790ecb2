package io.ebb.interest;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The stated component of an {@link InterestState}: a decayed vector exact as of {@code asOfEpochMilli} (the sum
 * of every capture's topic vectors, each capture weighted by its own age, as a horizon sums events), and the
 * topics of the latest capture, which supersede earlier ones for display. Zero-length vector before any capture.
 */
public record StatedState(float[] vector, long asOfEpochMilli, List<StatedTopic> topics, long capturedAtEpochMilli) {

  public static final StatedState NONE = new StatedState(new float[0], 0L, List.of(), 0L);

  public StatedState {
    Objects.requireNonNull(vector, "vector");
    topics = topics == null ? List.of() : List.copyOf(topics);
  }

  /** True before any capture; {@code @Transient} keeps it out of snapshots (see {@link InterestState#isEmpty}). */
  @java.beans.Transient
  public boolean isEmpty() {
    return vector.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatedState other
        && Arrays.equals(vector, other.vector)
        && asOfEpochMilli == other.asOfEpochMilli
        && topics.equals(other.topics)
        && capturedAtEpochMilli == other.capturedAtEpochMilli;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(vector), asOfEpochMilli, topics, capturedAtEpochMilli);
  }

  @Override
  public String toString() {
    return "StatedState[dim=" + vector.length + ", topics=" + topics + "]";
  }
}
