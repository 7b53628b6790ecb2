package io.ebb.llm;

import java.util.Objects;

/**
 * A capture that produced no answer, with the {@link CaptureOutcome} that says why. Stack traces are not filled
 * in: the outcome and the cause say all there is, and refusals are frequent under load.
 */
public sealed class CaptureFailedException extends RuntimeException permits MalformedAnswerException {

  private final CaptureOutcome outcome;

  public CaptureFailedException(CaptureOutcome outcome, String message, Throwable cause) {
    super(outcome.tag() + ": " + message, cause, true, false);
    if (outcome == CaptureOutcome.OK) {
      throw new IllegalArgumentException("a failure cannot have outcome ok");
    }
    this.outcome = Objects.requireNonNull(outcome);
  }

  public CaptureFailedException(CaptureOutcome outcome, String message) {
    this(outcome, message, null);
  }

  public CaptureOutcome outcome() {
    return outcome;
  }
}
