package io.ebb.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Isolates the service from a slow or failing model: wraps any {@link InterestCapturer} so that a capture costs the
 * caller nothing when the model cannot answer.
 *
 * <p>In order, a capture is refused at once when the circuit breaker is open ({@code circuit_open}), when {@code
 * maxConcurrent} captures are already in flight ({@code rejected}: nothing queues, so a backlog cannot build up
 * behind a slow server), or when the rate limit's token bucket is empty ({@code rate_limited}). A capture that goes
 * out is given {@code timeout}; past it the stage fails with {@code timeout} and the call is cancelled (the
 * concurrency permit is freed when the call really ends). Timeouts, unavailability and the server's 429 count as
 * failures for the breaker; a malformed answer does not (the server is up, its answer was bad).
 *
 * <p>Every outcome is counted in {@code ebb.llm.requests{outcome}} (Prometheus: {@code ebb_llm_requests_total}), the
 * duration of calls that went out in {@code ebb.llm.latency{outcome}}, and failures are logged at most once per
 * {@code logInterval} and outcome. The returned stage always completes, exceptionally with a {@link
 * CaptureFailedException}.
 */
public final class GuardedCapturer implements InterestCapturer {

  /** The guard's limits. */
  public record Limits(
      int maxConcurrent,
      int requestsPerMinute,
      int breakerFailures,
      Duration breakerOpenFor,
      Duration timeout,
      Duration logInterval) {

    public Limits {
      if (maxConcurrent <= 0 || requestsPerMinute <= 0 || breakerFailures <= 0) {
        throw new IllegalArgumentException("maxConcurrent, requestsPerMinute and breakerFailures must be positive");
      }
      for (Duration d : List.of(breakerOpenFor, timeout, logInterval)) {
        if (d.isZero() || d.isNegative()) {
          throw new IllegalArgumentException("breakerOpenFor, timeout and logInterval must be positive");
        }
      }
    }

    public static Limits from(LlmSettings s) {
      return new Limits(s.maxConcurrent(), s.requestsPerMinute(), s.breakerFailures(), s.breakerOpenFor(),
          s.timeout(), s.logInterval());
    }
  }

  public static final String REQUESTS_METER = "ebb.llm.requests";
  public static final String LATENCY_METER = "ebb.llm.latency";

  private final InterestCapturer delegate;
  private final Limits limits;
  private final Ticker ticker;
  private final Semaphore permits;
  private final TokenBucket bucket;
  private final CircuitBreaker breaker;
  private final FailureLog failureLog;
  private final Map<CaptureOutcome, Counter> counters = new EnumMap<>(CaptureOutcome.class);
  private final Map<CaptureOutcome, Timer> timers = new EnumMap<>(CaptureOutcome.class);

  public GuardedCapturer(InterestCapturer delegate, Limits limits, MeterRegistry registry, Ticker ticker) {
    this.delegate = Objects.requireNonNull(delegate);
    this.limits = limits;
    this.ticker = ticker;
    this.permits = new Semaphore(limits.maxConcurrent());
    this.bucket = TokenBucket.perMinute(limits.requestsPerMinute(), ticker);
    this.breaker = new CircuitBreaker(limits.breakerFailures(), limits.breakerOpenFor(), ticker);
    this.failureLog = new FailureLog(LoggerFactory.getLogger(GuardedCapturer.class), limits.logInterval(), ticker);
    for (CaptureOutcome outcome : CaptureOutcome.values()) {
      counters.put(outcome, Counter.builder(REQUESTS_METER)
          .description("LLM interest captures by outcome")
          .tag("outcome", outcome.tag())
          .register(registry));
      timers.put(outcome, Timer.builder(LATENCY_METER)
          .description("Duration of LLM interest captures that reached the model")
          .tag("outcome", outcome.tag())
          .register(registry));
    }
  }

  public GuardedCapturer(InterestCapturer delegate, LlmSettings settings, MeterRegistry registry) {
    this(delegate, Limits.from(settings), registry, Ticker.system());
  }

  @Override
  public CompletionStage<CapturedInterests> capture(CaptureRequest request) {
    Objects.requireNonNull(request, "request");
    if (!breaker.tryAcquire()) {
      return refused(CaptureOutcome.CIRCUIT_OPEN, "the circuit breaker is open after repeated failures");
    }
    if (!permits.tryAcquire()) {
      breaker.onAbandoned();
      return refused(CaptureOutcome.REJECTED, limits.maxConcurrent() + " captures already in flight");
    }
    if (!bucket.tryTake()) {
      permits.release();
      breaker.onAbandoned();
      return refused(CaptureOutcome.RATE_LIMITED, "over " + limits.requestsPerMinute() + " captures a minute");
    }
    return call(request);
  }

  private CompletionStage<CapturedInterests> call(CaptureRequest request) {
    long start = ticker.nanoTime();
    CompletableFuture<CapturedInterests> inner;
    try {
      inner = delegate.capture(request).toCompletableFuture();
    } catch (RuntimeException e) {
      inner = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<CapturedInterests> call = inner;
    call.whenComplete((value, error) -> permits.release());
    CompletableFuture<CapturedInterests> result = new CompletableFuture<>();
    call.copy()
        .orTimeout(limits.timeout().toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((value, error) -> {
          CaptureOutcome outcome = error == null ? CaptureOutcome.OK : outcomeOf(error);
          CaptureFailedException failure = error == null ? null : asFailure(outcome, error);
          try {
            if (outcome == CaptureOutcome.TIMEOUT) {
              call.cancel(true);
            }
            switch (outcome) {
              case OK, MALFORMED -> breaker.onSuccess();
              case TIMEOUT, UNAVAILABLE, RATE_LIMITED -> breaker.onFailure();
              default -> breaker.onAbandoned(); // refused further down (a full executor): nothing about the server
            }
            timers.get(outcome).record(ticker.nanoTime() - start, TimeUnit.NANOSECONDS);
            count(outcome, failure);
          } finally { // whatever the bookkeeping does, the caller gets its answer
            if (failure == null) {
              result.complete(value);
            } else {
              result.completeExceptionally(failure);
            }
          }
        });
    return result;
  }

  private CompletionStage<CapturedInterests> refused(CaptureOutcome outcome, String reason) {
    CaptureFailedException failure = new CaptureFailedException(outcome, reason);
    count(outcome, failure);
    return CompletableFuture.failedFuture(failure);
  }

  /** Counts the outcome, and logs it if it is a failure (at most once per interval and outcome). */
  private void count(CaptureOutcome outcome, CaptureFailedException failure) {
    counters.get(outcome).increment();
    if (failure != null) {
      failureLog.failed(outcome, failure);
    }
  }

  /** The outcome a failed call stands for. */
  static CaptureOutcome outcomeOf(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof CaptureFailedException failed) {
      return failed.outcome();
    } else if (e instanceof TimeoutException || e instanceof CancellationException) {
      return CaptureOutcome.TIMEOUT;
    } else if (e instanceof RejectedExecutionException) {
      return CaptureOutcome.REJECTED;
    }
    return CaptureOutcome.UNAVAILABLE;
  }

  private static CaptureFailedException asFailure(CaptureOutcome outcome, Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof CaptureFailedException failed && failed.outcome() == outcome) {
      return failed;
    }
    String message = outcome == CaptureOutcome.TIMEOUT && e instanceof TimeoutException
        ? "no answer within the timeout"
        : String.valueOf(e);
    return new CaptureFailedException(outcome, message, e);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The breaker's state, for health reports and tests. */
  String breakerState() {
    return breaker.state().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "GuardedCapturer[" + delegate + "]";
  }
}
