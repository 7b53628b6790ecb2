package io.ebb.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The request rate of each rate-limited key on this node: a token bucket per key holding a second's worth of its
 * rate and refilled continuously at it, so a key may make a burst of N requests and is then held to N a second.
 * N nodes behind a load balancer let a key through up to N times its rate (nodes share no state for this). A
 * bucket belongs to a key's whole line: a line changed in the keys file starts with a full bucket.
 */
public final class RateLimiter {

  private final TimeMeter clock;
  private final ConcurrentMap<ApiKey, Bucket> buckets = new ConcurrentHashMap<>();

  /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}, or a test's) */
  public RateLimiter(LongSupplier nanoTime) {
    this.clock = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return nanoTime.getAsLong();
      }

      @Override
      public boolean isWallClockBased() {
        return false;
      }
    };
  }

  /** {@link Duration#ZERO} if {@code key} may make a request now (it is counted), else how long until it may. */
  public Duration take(ApiKey key) {
    if (key.ratePerSecond().isEmpty()) {
      return Duration.ZERO;
    }
    ConsumptionProbe probe = buckets.computeIfAbsent(key, this::bucketOf).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }

  private Bucket bucketOf(ApiKey key) {
    int perSecond = key.ratePerSecond().getAsInt();
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .withCustomTimePrecision(clock)
        .build();
  }

  /** Forgets the buckets of keys that are no longer in the file. */
  public void retain(Collection<ApiKey> keys) {
    buckets.keySet().retainAll(Set.copyOf(keys));
  }
}
