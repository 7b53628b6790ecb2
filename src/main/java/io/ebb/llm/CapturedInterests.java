package io.ebb.llm;

import java.util.List;
import java.util.Objects;

/**
 * A capturer's answer, recorded as is in the user's journal: the interests (highest weight first), a one-line
 * summary, and which model and prompt produced them, so a replay can tell answers of different origins apart.
 */
public record CapturedInterests(
    List<StatedInterest> interests, String summary, String modelId, String promptVersion) {

  public CapturedInterests {
    interests = List.copyOf(interests);
    summary = summary == null ? "" : summary;
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(promptVersion, "promptVersion");
  }
}
