package io.ebb.llm;

import java.util.Objects;

/**
 * One interest as stated by a capturer.
 *
 * @param topic a short phrase, non-blank
 * @param weight how strongly, within [0, 1]
 */
public record StatedInterest(String topic, double weight, Horizon horizon) {

  public StatedInterest {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be within [0, 1], got " + weight);
    }
    Objects.requireNonNull(horizon, "horizon");
  }
}
