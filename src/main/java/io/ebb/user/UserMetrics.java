package io.ebb.user;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the user entities of one node report to {@code /metrics}: how many are alive and how long recovery takes. */
public final class UserMetrics {

  /** No meters: for tests and tools. */
  public static final UserMetrics NONE = new UserMetrics(new CompositeMeterRegistry());

  private final AtomicInteger active = new AtomicInteger();
  private final Timer recovery;

  public UserMetrics(MeterRegistry registry) {
    Gauge.builder("ebb.entities.active", active, AtomicInteger::get)
        .description("User entities in memory on this node")
        .register(registry);
    recovery =
        Timer.builder("ebb.entity.recovery")
            .description("Time from an entity's start to its recovered state (snapshot load and event replay)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  public int active() {
    return active.get();
  }

  void recovered(long startNanos) {
    active.incrementAndGet();
    recovery.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  void stopped() {
    active.decrementAndGet();
  }
}
