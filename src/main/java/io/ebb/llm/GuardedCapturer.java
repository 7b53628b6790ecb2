package io.ebb.llm;

import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * Isolates the service from a slow or failing model: wraps any {@link InterestCapturer} so that a capture costs the
 * caller nothing when the model cannot answer.
 *
 * <p>In order, a capture is refused at once when the circuit breaker is open ({@code circuit_open}), when {@code
 * maxConcurrent} captures are already in flight ({@code rejected}: nothing queues, so a backlog cannot build up
 * behind a slow server), or when the rate limit's token bucket is empty ({@code rate_limited}). A capture that goes
 * out is given {@code timeout}; past it the stage fails with {@code timeout} and the call is cancelled (the
 * concurrency permit is freed when the call really ends).
 *
 * <p>The breaker is Pekko's {@link CircuitBreaker}: {@code breakerFailures} failures in a row open it for {@code
 * breakerOpenFor}, then one probe goes through (half-open; other captures meanwhile are {@code circuit_open}), whose
 * success closes it and whose failure opens it again. Timeouts, unavailability and the server's 429 count as
 * failures; a malformed answer does not (the server is up, its answer was bad), nor does a refusal from below (a
 * full executor says nothing about the server). The local limits are checked before the breaker sees a call, so a
 * refused capture never uses up the half-open probe. The breaker moves as a call ends, on the thread that ends it,
 * not necessarily before the caller's stage completes.
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
  private final Bucket bucket;
  private final CircuitBreaker breaker;
  private final FailureLog failureLog;
  private final Map<CaptureOutcome, Counter> counters = new EnumMap<>(CaptureOutcome.class);
  private final Map<CaptureOutcome, Timer> timers = new EnumMap<>(CaptureOutcome.class);

  /**
   * @param ticker times the calls and drives the rate limit and the failure log
   * @param scheduler times out calls and ends the breaker's open period (Pekko's, e.g. the actor system's)
   * @param executor runs the breaker's state changes (e.g. the actor system's dispatcher)
   */
  public GuardedCapturer(InterestCapturer delegate, Limits limits, MeterRegistry registry, Ticker ticker,
      Scheduler scheduler, Executor executor) {
    this.delegate = Objects.requireNonNull(delegate);
    this.limits = limits;
    this.ticker = ticker;
    this.permits = new Semaphore(limits.maxConcurrent());
    // Ten seconds' worth of the rate (at least one): a quiet node may start a burst, a busy one is held to the rate.
    int perMinute = limits.requestsPerMinute();
    int burst = Math.max(1, (perMinute + 5) / 6);
    this.bucket = Bucket.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .withCustomTimePrecision(ticker)
        .build();
    this.breaker = new CircuitBreaker(ExecutionContext.fromExecutor(executor), scheduler, limits.breakerFailures(),
        limits.timeout(), limits.breakerOpenFor());
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

  public GuardedCapturer(InterestCapturer delegate, LlmSettings settings, MeterRegistry registry,
      Scheduler scheduler, Executor executor) {
    this(delegate, Limits.from(settings), registry, Ticker.system(), scheduler, executor);
  }

  @Override
  public CompletionStage<CapturedInterests> capture(CaptureRequest request) {
    Objects.requireNonNull(request, "request");
    if (breaker.isOpen()) {
      return refused(CaptureOutcome.CIRCUIT_OPEN, "the circuit breaker is open after repeated failures");
    }
    if (!permits.tryAcquire()) {
      return refused(CaptureOutcome.REJECTED, limits.maxConcurrent() + " captures already in flight");
    }
    if (!bucket.tryConsume(1)) {
      permits.release();
      return refused(CaptureOutcome.RATE_LIMITED, "over " + limits.requestsPerMinute() + " captures a minute");
    }
    return call(request);
  }

  private CompletionStage<CapturedInterests> call(CaptureRequest request) {
    long start = ticker.nanoTime();
    AtomicReference<CompletableFuture<CapturedInterests>> sent = new AtomicReference<>();
    CompletionStage<CapturedInterests> guarded = breaker.callWithCircuitBreakerCS(() -> {
      CompletableFuture<CapturedInterests> call;
      try {
        call = delegate.capture(request).toCompletableFuture();
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      call.whenComplete((value, error) -> permits.release());
      sent.set(call);
      return call;
    }, GuardedCapturer::isServerFailure);
    CompletableFuture<CapturedInterests> result = new CompletableFuture<>();
    guarded.whenComplete((value, error) -> {
      CompletableFuture<CapturedInterests> call = sent.get();
      CaptureOutcome outcome = error == null ? CaptureOutcome.OK : outcomeOf(error);
      CaptureFailedException failure = error == null ? null : asFailure(outcome, error);
      try {
        if (call == null) { // the breaker refused it (half-open with another probe out, or just opened): not sent
          permits.release();
        } else {
          if (outcome == CaptureOutcome.TIMEOUT) {
            call.cancel(true);
          }
          timers.get(outcome).record(ticker.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
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

  /** What the breaker counts against the server. */
  private static Boolean isServerFailure(Optional<CapturedInterests> value, Optional<Throwable> error) {
    return error.map(e -> switch (outcomeOf(e)) {
      case TIMEOUT, UNAVAILABLE, RATE_LIMITED -> true;
      default -> false;
    }).orElse(false);
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
    } else if (e instanceof CircuitBreakerOpenException) {
      return CaptureOutcome.CIRCUIT_OPEN;
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
    String message = switch (outcome) {
      case TIMEOUT -> e instanceof TimeoutException ? "no answer within the timeout" : String.valueOf(e);
      case CIRCUIT_OPEN -> "the circuit breaker is half-open and another capture is testing the model";
      default -> String.valueOf(e);
    };
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

  /** The breaker's state, for health reports and tests: {@code closed}, {@code open} or {@code half_open}. */
  String breakerState() {
    return breaker.isOpen() ? "open" : breaker.isHalfOpen() ? "half_open" : "closed";
  }

  @Override
  public String toString() {
    return "GuardedCapturer[" + delegate + "]";
  }
}
