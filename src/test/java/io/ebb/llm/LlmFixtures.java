package io.ebb.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.ebb.interest.TagWeight;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Scheduler;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/** Requests, settings and helpers shared by the llm tests. */
final class LlmFixtures {

  /** A Friday evening, UTC. */
  static final Instant NOW = Instant.parse("2026-11-27T20:15:00Z");

  private LlmFixtures() {}

  static CaptureRequest request() {
    return new CaptureRequest(
        "u-1",
        NOW,
        List.of(
            new RecentItem("m-2", "Ronin", List.of("crime", "action"), "view", null, Duration.ofMinutes(5)),
            new RecentItem("m-1", "Heat", List.of("crime", "thriller"), "rate", 4.5, Duration.ofHours(2))),
        List.of(new TagWeight("crime", 2.4), new TagWeight("thriller", 2.0), new TagWeight("action", 0.5)),
        Map.of("device", "mobile", "weather", "rain"));
  }

  static CaptureRequest requestWithTitle(String title) {
    return new CaptureRequest(
        "u-1", NOW,
        List.of(new RecentItem("m-9", title, List.of("drama"), "click", null, Duration.ofSeconds(30))),
        List.of(new TagWeight("drama", 1.0)), Map.of());
  }

  /** {@code reference.conf}'s {@code ebb.llm}, untouched by the environment, with {@code overrides} on top. */
  static Config config(Map<String, ?> overrides) {
    Config reference = ConfigFactory.parseResources("reference.conf").withOnlyPath("ebb.llm")
        .resolve(ConfigResolveOptions.noSystem());
    return ConfigFactory.parseMap(overrides).withFallback(reference.getConfig("ebb.llm")).resolve();
  }

  static LlmSettings settings(Map<String, ?> overrides) {
    return LlmSettings.from(config(overrides));
  }

  /** Settings for the OpenAI client against {@code server}, model {@code gpt-test}, quick timeout. */
  static LlmSettings openAi(FakeChatServer server) {
    return settings(Map.of("provider", "openai", "base-url", server.baseUrl(), "model", "gpt-test",
        "timeout", "2s"));
  }

  /** The failure {@code stage} completed with, waiting at most five seconds. */
  static CaptureFailedException failure(CompletionStage<?> stage) {
    Throwable thrown = catchThrowable(() -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(CaptureFailedException.class);
    return (CaptureFailedException) thrown.getCause();
  }

  static <T> T value(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the stage did not complete normally", e);
    }
  }

  /**
   * Time that moves only when told, and a Pekko scheduler on that time: a task runs (on its executor) when {@link
   * #advance} passes its due time, so the circuit breaker's timeouts and open period follow the same clock.
   */
  static final class ManualTicker implements Ticker, Scheduler {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Task> tasks = new CopyOnWriteArrayList<>();

    /** A class, not a record: two tasks due at the same time for the same runnable are still two. */
    private static final class Task {
      final long dueNanos;
      final Runnable runnable;
      final ExecutionContext executor;

      Task(long dueNanos, Runnable runnable, ExecutionContext executor) {
        this.dueNanos = dueNanos;
        this.runnable = runnable;
        this.executor = executor;
      }
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    void advance(Duration by) {
      long now = nanos.addAndGet(by.toNanos());
      while (true) {
        Task due = tasks.stream().filter(t -> t.dueNanos <= now).min(Comparator.comparingLong(t -> t.dueNanos))
            .orElse(null);
        if (due == null || !tasks.remove(due)) {
          return;
        }
        due.executor.execute(due.runnable);
      }
    }

    /** The tasks still waiting for their time. */
    int scheduled() {
      return tasks.size();
    }

    @Override
    public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
      Task task = new Task(nanos.get() + delay.toNanos(), runnable, executor);
      tasks.add(task);
      return new Cancellable() {
        @Override
        public boolean cancel() {
          return tasks.remove(task);
        }

        @Override
        public boolean isCancelled() {
          return !tasks.contains(task);
        }
      };
    }

    @Override
    public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable,
        ExecutionContext executor) {
      throw new UnsupportedOperationException("only one-off tasks are needed here");
    }

    @Override
    public double maxFrequency() {
      return 1e9;
    }
  }
}
