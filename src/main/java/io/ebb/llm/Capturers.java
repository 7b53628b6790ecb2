package io.ebb.llm;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.Scheduler;

/** Builds the capturer that {@code ebb.llm} asks for. */
public final class Capturers {

  private Capturers() {}

  /**
   * The capturer for {@code settings}: the {@link SummaryCapturer} for provider {@code none} (nothing to guard: it
   * answers at once and never fails), else the {@link OpenAiCapturer} inside a {@link GuardedCapturer} counting into
   * {@code registry}, its breaker and timeouts run by {@code scheduler} and {@code executor} (the actor system's).
   * Close it on shutdown to stop its threads.
   */
  public static InterestCapturer create(
      LlmSettings settings, MeterRegistry registry, Scheduler scheduler, Executor executor) {
    return switch (settings.provider()) {
      case NONE -> SummaryCapturer.from(settings);
      case OPENAI, OLLAMA ->
          new GuardedCapturer(OpenAiCapturer.create(settings), settings, registry, scheduler, executor);
    };
  }
}
