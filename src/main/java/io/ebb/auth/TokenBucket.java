package io.ebb.auth;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket holding at most {@code perSecond} tokens and refilled continuously at {@code perSecond} a second:
 * a key may make a burst of a second's worth of requests, and is then held to its rate.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  TokenBucket(int perSecond, LongSupplier nanoTime) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("the rate must be at least 1 a second");
    }
    this.capacity = perSecond;
    this.tokensPerNano = perSecond / NANOS_PER_SECOND;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.refilledAt = nanoTime.getAsLong();
  }

  /**
   * Takes a token: {@link Duration#ZERO} when there was one, otherwise how long until there will be one (and
   * nothing is taken).
   */
  synchronized Duration take() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
  }
}
