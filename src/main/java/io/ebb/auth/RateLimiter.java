package io.ebb.auth;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The request rate of each rate-limited key on this node: N nodes behind a load balancer let a key through up to N
 * times its rate (nodes share no state for this). A bucket belongs to a key's whole line: a line changed in the
 * keys file starts with a full bucket.
 */
public final class RateLimiter {

  private final LongSupplier nanoTime;
  private final ConcurrentMap<ApiKey, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** {@link Duration#ZERO} if {@code key} may make a request now (it is counted), else how long until it may. */
  public Duration take(ApiKey key) {
    if (key.ratePerSecond().isEmpty()) {
      return Duration.ZERO;
    }
    return buckets.computeIfAbsent(key, k -> new TokenBucket(k.ratePerSecond().getAsInt(), nanoTime)).take();
  }

  /** Forgets the buckets of keys that are no longer in the file. */
  public void retain(Collection<ApiKey> keys) {
    buckets.keySet().retainAll(Set.copyOf(keys));
  }
}
