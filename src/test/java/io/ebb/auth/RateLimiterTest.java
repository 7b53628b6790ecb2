package io.ebb.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(now::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private static ApiKey keyWithRate(int perSecond) {
    return new ApiKey("k" + perSecond, Set.of(Scope.READ), ApiKey.hashOf("k"), OptionalInt.of(perSecond));
  }

  @Test
  void aFullBucketLetsABurstOfOneSecondsWorthThroughThenRefusesNamingTheWait() {
    ApiKey bucket = keyWithRate(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.take(bucket)).as("request %d", i).isZero();
    }
    // Empty: the next token comes 1/5 s later.
    assertThat(limiter.take(bucket)).isEqualTo(Duration.ofMillis(200));
    advance(Duration.ofMillis(150));
    assertThat(limiter.take(bucket)).isEqualTo(Duration.ofMillis(50));
    advance(Duration.ofMillis(50));
    assertThat(limiter.take(bucket)).isZero();
    assertThat(limiter.take(bucket)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void itRefillsAtTheRateButNeverBeyondItsCapacity() {
    ApiKey bucket = keyWithRate(10);
    for (int i = 0; i < 10; i++) {
      limiter.take(bucket);
    }
    advance(Duration.ofMillis(500)); // 5 tokens back
    int taken = 0;
    while (limiter.take(bucket).isZero()) {
      taken++;
    }
    assertThat(taken).isEqualTo(5);
    advance(Duration.ofHours(1)); // full again, not 36,000 tokens
    taken = 0;
    while (limiter.take(bucket).isZero()) {
      taken++;
    }
    assertThat(taken).isEqualTo(10);
  }

  @Test
  void theLimiterKeepsABucketPerKeyAndNoneForKeysWithoutRate() {
    ApiKey one = new ApiKey("one", Set.of(Scope.READ), ApiKey.hashOf("1"), OptionalInt.of(1));
    ApiKey two = new ApiKey("two", Set.of(Scope.READ), ApiKey.hashOf("2"), OptionalInt.of(1));
    ApiKey free = new ApiKey("free", Set.of(Scope.READ), ApiKey.hashOf("3"), OptionalInt.empty());
    assertThat(limiter.take(one)).isZero();
    assertThat(limiter.take(one)).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.take(two)).isZero();
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.take(free)).isZero();
    }
    // A key whose line changed (here: its rate) starts again with a full bucket.
    ApiKey faster = new ApiKey("one", Set.of(Scope.READ), ApiKey.hashOf("1"), OptionalInt.of(3));
    limiter.retain(List.of(faster, two));
    assertThat(limiter.take(faster)).isZero();
    assertThat(limiter.take(two)).isEqualTo(Duration.ofSeconds(1));
  }
}
