package io.ebb.llm;

/**
 * A token bucket: {@code perMinute} tokens a minute, refilled continuously, holding at most {@code capacity}, so a
 * quiet node can start a burst of {@code capacity} requests and a busy one is held to the rate.
 */
final class TokenBucket {

  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final double capacity;
  private final double tokensPerNano;
  private final Ticker ticker;
  private double tokens;
  private long refilledAt;

  TokenBucket(int perMinute, int capacity, Ticker ticker) {
    if (perMinute <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("rate and capacity must be positive");
    }
    this.capacity = capacity;
    this.tokensPerNano = (double) perMinute / MINUTE_NANOS;
    this.ticker = ticker;
    this.tokens = capacity;
    this.refilledAt = ticker.nanoTime();
  }

  /** A bucket holding ten seconds' worth of {@code perMinute} (at least one token). */
  static TokenBucket perMinute(int perMinute, Ticker ticker) {
    return new TokenBucket(perMinute, Math.max(1, (perMinute + 5) / 6), ticker);
  }

  /** Takes a token if there is one. */
  synchronized boolean tryTake() {
    long now = ticker.nanoTime();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
