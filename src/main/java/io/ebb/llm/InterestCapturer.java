package io.ebb.llm;

import java.util.concurrent.CompletionStage;

/**
 * States what a user is interested in now. Implementations never block the caller: the stage completes later,
 * exceptionally with a {@link CaptureFailedException} when no answer could be had.
 */
public interface InterestCapturer extends AutoCloseable {

  CompletionStage<CapturedInterests> capture(CaptureRequest request);

  /** Names the model in every answer, e.g. {@code ollama:llama3.2} or {@code ebb-summariser/1}. */
  String modelId();

  /** Releases threads the capturer owns; capturing after this fails. Does nothing by default. */
  @Override
  default void close() {}
}
