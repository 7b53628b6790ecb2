package io.ebb.llm;

import static io.ebb.llm.LlmFixtures.failure;
import static io.ebb.llm.LlmFixtures.request;
import static io.ebb.llm.LlmFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebb.llm.FakeChatServer.Reply;
import io.ebb.llm.LlmFixtures.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GuardedCapturerTest {

  private static final CapturedInterests ANSWER =
      new CapturedInterests(List.of(new StatedInterest("crime", 1.0, Horizon.LONG)), "s", "scripted", "v1");

  /** Runs the breaker's state changes at once, so that each assertion sees them. */
  private static final Executor DIRECT = Runnable::run;

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScriptedCapturer scripted = new ScriptedCapturer();

  /** A capturer whose calls stay pending until the test completes them. */
  static final class ScriptedCapturer implements InterestCapturer {
    final List<CompletableFuture<CapturedInterests>> calls = new CopyOnWriteArrayList<>();
    boolean closed;

    @Override
    public CompletionStage<CapturedInterests> capture(CaptureRequest request) {
      var call = new CompletableFuture<CapturedInterests>();
      calls.add(call);
      return call;
    }

    @Override
    public String modelId() {
      return "scripted";
    }

    @Override
    public void close() {
      closed = true;
    }

    CompletableFuture<CapturedInterests> last() {
      return calls.get(calls.size() - 1);
    }
  }

  private static GuardedCapturer.Limits limits(int maxConcurrent, int perMinute, int failures) {
    return new GuardedCapturer.Limits(
        maxConcurrent, perMinute, failures, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  private GuardedCapturer guard(GuardedCapturer.Limits limits) {
    return new GuardedCapturer(scripted, limits, registry, ticker, ticker, DIRECT);
  }

  private double count(CaptureOutcome outcome) {
    return registry.get(GuardedCapturer.REQUESTS_METER).tag("outcome", outcome.tag()).counter().count();
  }

  private static CompletableFuture<CapturedInterests> unavailable() {
    return CompletableFuture.failedFuture(new CaptureFailedException(CaptureOutcome.UNAVAILABLE, "down"));
  }

  @Test
  void anAnswerPassesThroughAndIsCountedAndTimed() {
    var guard = guard(limits(4, 60, 5));

    var stage = guard.capture(request());
    ticker.advance(Duration.ofMillis(250));
    scripted.last().complete(ANSWER);

    assertThat(value(stage)).isEqualTo(ANSWER);
    assertThat(count(CaptureOutcome.OK)).isEqualTo(1.0);
    var timer = registry.get(GuardedCapturer.LATENCY_METER).tag("outcome", "ok").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
    assertThat(guard.modelId()).isEqualTo("scripted");
    assertThat(ticker.scheduled()).as("the call's timeout is cancelled once it is answered").isZero();
    guard.close();
    assertThat(scripted.closed).isTrue();
  }

  @Test
  void rejectsCapturesBeyondTheConcurrencyLimitAtOnce() {
    var guard = guard(limits(2, 600, 5));
    var first = guard.capture(request());
    guard.capture(request());

    var third = guard.capture(request());

    assertThat(third.toCompletableFuture()).isDone();
    assertThat(failure(third).outcome()).isEqualTo(CaptureOutcome.REJECTED);
    assertThat(scripted.calls).hasSize(2);
    assertThat(count(CaptureOutcome.REJECTED)).isEqualTo(1.0);

    scripted.calls.get(0).complete(ANSWER);
    assertThat(value(first)).isEqualTo(ANSWER);
    guard.capture(request());
    assertThat(scripted.calls).hasSize(3);
  }

  @Test
  void rateLimitsWithATokenBucket() {
    var guard = guard(limits(100, 6, 5)); // 6 a minute: a bucket of one, a token every 10 s
    guard.capture(request());

    var second = guard.capture(request());
    assertThat(failure(second).outcome()).isEqualTo(CaptureOutcome.RATE_LIMITED);
    ticker.advance(Duration.ofSeconds(9));
    assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.RATE_LIMITED);
    ticker.advance(Duration.ofSeconds(1));
    guard.capture(request());

    assertThat(scripted.calls).hasSize(2);
    assertThat(count(CaptureOutcome.RATE_LIMITED)).isEqualTo(2.0);
  }

  @Test
  void theBreakerOpensAfterConsecutiveFailuresAndRecoversAfterTheCoolDown() {
    var guard = guard(limits(10, 6000, 3));
    for (int i = 0; i < 3; i++) {
      var stage = guard.capture(request());
      scripted.last().completeExceptionally(new CaptureFailedException(CaptureOutcome.UNAVAILABLE, "down"));
      assertThat(failure(stage).outcome()).isEqualTo(CaptureOutcome.UNAVAILABLE);
    }

    assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.CIRCUIT_OPEN);
    ticker.advance(Duration.ofSeconds(59));
    assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.CIRCUIT_OPEN);
    assertThat(scripted.calls).hasSize(3);
    assertThat(guard.breakerState()).isEqualTo("open");

    ticker.advance(Duration.ofSeconds(1));
    var probe = guard.capture(request());
    assertThat(scripted.calls).hasSize(4);
    assertThat(failure(guard.capture(request())).outcome()).as("one probe at a time")
        .isEqualTo(CaptureOutcome.CIRCUIT_OPEN);
    scripted.last().complete(ANSWER);
    assertThat(value(probe)).isEqualTo(ANSWER);

    assertThat(guard.breakerState()).isEqualTo("closed");
    guard.capture(request());
    guard.capture(request());
    assertThat(scripted.calls).hasSize(6);
    assertThat(count(CaptureOutcome.CIRCUIT_OPEN)).isEqualTo(3.0);
  }

  @Test
  void aFailedProbeOpensTheBreakerAgain() {
    var guard = guard(limits(10, 6000, 1));
    var first = guard.capture(request());
    scripted.last().completeExceptionally(new CaptureFailedException(CaptureOutcome.TIMEOUT, "slow"));
    failure(first);
    ticker.advance(Duration.ofSeconds(60));

    var probe = guard.capture(request());
    scripted.last().completeExceptionally(new CaptureFailedException(CaptureOutcome.RATE_LIMITED, "429"));
    assertThat(failure(probe).outcome()).isEqualTo(CaptureOutcome.RATE_LIMITED);

    assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.CIRCUIT_OPEN);
    ticker.advance(Duration.ofSeconds(60));
    guard.capture(request());
    assertThat(scripted.calls).hasSize(3);
  }

  @Test
  void malformedAnswersDoNotOpenTheBreaker() {
    var guard = guard(limits(10, 6000, 2));
    for (int i = 0; i < 5; i++) {
      var stage = guard.capture(request());
      scripted.last().completeExceptionally(new MalformedAnswerException("garbage"));
      assertThat(failure(stage)).isInstanceOf(MalformedAnswerException.class);
    }

    assertThat(guard.breakerState()).isEqualTo("closed");
    assertThat(count(CaptureOutcome.MALFORMED)).isEqualTo(5.0);
  }

  @Test
  void aCallWithoutAnswerTimesOutIsCancelledAndFreesItsPermit() {
    var limits = new GuardedCapturer.Limits(1, 6000, 5, Duration.ofSeconds(60), Duration.ofMillis(100),
        Duration.ofSeconds(60));
    var guard = guard(limits);

    var stage = guard.capture(request());
    ticker.advance(Duration.ofMillis(99));
    assertThat(stage.toCompletableFuture()).isNotDone();
    ticker.advance(Duration.ofMillis(1));

    assertThat(failure(stage).outcome()).isEqualTo(CaptureOutcome.TIMEOUT);
    assertThat(failure(stage)).hasMessageContaining("no answer within the timeout");
    assertThat(scripted.calls.get(0)).isCancelled();
    guard.capture(request());
    assertThat(scripted.calls).hasSize(2);
    assertThat(count(CaptureOutcome.TIMEOUT)).isEqualTo(1.0);
  }

  @Test
  void aCapturerThatThrowsIsUnavailableAndFreesItsPermit() {
    var throwing = new InterestCapturer() {
      int calls;

      @Override
      public CompletionStage<CapturedInterests> capture(CaptureRequest request) {
        calls++;
        throw new IllegalStateException("bug");
      }

      @Override
      public String modelId() {
        return "throwing";
      }
    };
    var guard = new GuardedCapturer(throwing, limits(1, 6000, 100), registry, ticker, ticker, DIRECT);

    assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.UNAVAILABLE);
    assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.UNAVAILABLE);
    assertThat(throwing.calls).isEqualTo(2);
  }

  @Test
  void aRefusalFromBelowIsNotCountedAgainstTheServer() {
    var guard = guard(limits(10, 6000, 1));
    var first = guard.capture(request());
    scripted.last().completeExceptionally(new CaptureFailedException(CaptureOutcome.UNAVAILABLE, "down"));
    failure(first);
    ticker.advance(Duration.ofSeconds(60));
    assertThat(guard.breakerState()).isEqualTo("half_open");

    var probe = guard.capture(request());
    scripted.last().completeExceptionally(new RejectedExecutionException("full"));

    assertThat(failure(probe).outcome()).isEqualTo(CaptureOutcome.REJECTED);
    // Pekko's half-open breaker closes on any outcome that is not a failure: it does not open again
    assertThat(guard.breakerState()).isEqualTo("closed");
    guard.capture(request());
    assertThat(scripted.calls).hasSize(3);
  }

  @Test
  void aLocalRefusalDoesNotUseUpTheHalfOpenProbe() {
    // open for 5 s; 6 a minute: a bucket of one token, a token every 10 s
    var guard = guard(new GuardedCapturer.Limits(10, 6, 1, Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(60)));
    var first = guard.capture(request());
    scripted.last().completeExceptionally(new CaptureFailedException(CaptureOutcome.UNAVAILABLE, "down"));
    failure(first);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(guard.breakerState()).isEqualTo("half_open");

    assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.RATE_LIMITED);
    assertThat(guard.breakerState()).isEqualTo("half_open");
    ticker.advance(Duration.ofSeconds(5));
    var probe = guard.capture(request());
    assertThat(scripted.calls).as("the probe went out").hasSize(2);
    scripted.last().complete(ANSWER);

    assertThat(value(probe)).isEqualTo(ANSWER);
    assertThat(guard.breakerState()).isEqualTo("closed");
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> limits(0, 60, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GuardedCapturer.Limits(
        1, 60, 5, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unexpectedErrorsAreUnavailable() {
    var guard = guard(limits(10, 6000, 5));
    var stage = guard.capture(request());
    scripted.last().completeExceptionally(new RuntimeException("surprise"));

    assertThat(failure(stage).outcome()).isEqualTo(CaptureOutcome.UNAVAILABLE);
    assertThat(failure(stage)).hasRootCauseMessage("surprise");
  }

  @Test
  void everyOutcomeIsExportedToPrometheusFromTheStart() {
    var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var guard = new GuardedCapturer(scripted, limits(4, 60, 5), prometheus, ticker, ticker, DIRECT);
    var stage = guard.capture(request());
    scripted.last().complete(ANSWER);
    value(stage);

    String scrape = prometheus.scrape();

    assertThat(scrape).contains("ebb_llm_requests_total{outcome=\"ok\"} 1.0");
    for (CaptureOutcome outcome : CaptureOutcome.values()) {
      assertThat(scrape).contains("ebb_llm_requests_total{outcome=\"" + outcome.tag() + "\"}");
    }
    assertThat(scrape).contains("ebb_llm_latency_seconds_count{outcome=\"ok\"} 1");
  }

  @Test
  void guardsTheRealClientEndToEnd() {
    try (var server = new FakeChatServer()) {
      var settings = LlmFixtures.openAi(server);
      var guard = new GuardedCapturer(OpenAiCapturer.create(settings),
          new GuardedCapturer.Limits(2, 6000, 2, Duration.ofSeconds(30), Duration.ofSeconds(2),
              Duration.ofSeconds(60)),
          registry, ticker, ticker, DIRECT);
      server.answering(Reply.status(503, "{\"error\": {\"message\": \"loading model\"}}"));

      assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.UNAVAILABLE);
      assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.UNAVAILABLE);
      awaitBreaker(guard, "open");
      assertThat(failure(guard.capture(request())).outcome()).isEqualTo(CaptureOutcome.CIRCUIT_OPEN);
      assertThat(server.received()).hasSize(2);

      server.answering(Reply.content(OpenAiCapturerTest.GOOD_ANSWER));
      ticker.advance(Duration.ofSeconds(30));
      assertThat(value(guard.capture(request())).interests()).hasSize(2);
      awaitBreaker(guard, "closed");
      assertThat(value(guard.capture(request())).modelId()).isEqualTo("openai:gpt-test");
      assertThat(count(CaptureOutcome.OK)).isEqualTo(2.0);
      guard.close();
    }
  }

  /**
   * The breaker moves on the thread that completes the call (here the HTTP client's), in a callback that may run
   * just after the caller's stage completes: wait for it before the next capture.
   */
  private static void awaitBreaker(GuardedCapturer guard, String state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!guard.breakerState().equals(state)) {
      assertThat(System.nanoTime()).as("the breaker %s within 5 s", state).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void capturersBuildsTheConfiguredCapturer() {
    var none = Capturers.create(LlmFixtures.settings(Map.of()), registry, ticker, DIRECT);
    assertThat(none).isInstanceOf(SummaryCapturer.class);
    assertThat(none.modelId()).isEqualTo("ebb-summariser/1");

    try (var server = new FakeChatServer()) {
      server.answering(Reply.content(OpenAiCapturerTest.GOOD_ANSWER));
      var ollama = Capturers.create(LlmFixtures.settings(Map.of("provider", "ollama", "base-url", server.baseUrl())),
          registry, ticker, DIRECT);
      assertThat(ollama).isInstanceOf(GuardedCapturer.class);
      assertThat(ollama.modelId()).isEqualTo("ollama:llama3.2");
      assertThat(value(ollama.capture(request())).modelId()).isEqualTo("ollama:llama3.2");
      assertThat(server.lastRequest().body().get("model").asText()).isEqualTo("llama3.2");
      ollama.close();
    }
  }
}
