package io.ebb.llm;

/** The model answered, but its answer held no valid interest in the expected schema. */
public final class MalformedAnswerException extends CaptureFailedException {

  public MalformedAnswerException(String message) {
    super(CaptureOutcome.MALFORMED, message, null);
  }

  public MalformedAnswerException(String message, Throwable cause) {
    super(CaptureOutcome.MALFORMED, message, cause);
  }
}
