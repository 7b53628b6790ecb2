package io.ebb.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The restart schedule. Restarting a real node that died under a running service is proven end to end, with the
 * service's answers and readiness, by {@code io.ebb.fault.CrashIT}.
 */
class SupervisedCassandraTest {

  @Test
  void restartsBackOffFromOneSecondToThirty() {
    assertThat(SupervisedCassandra.backoff(0)).isEqualTo(Duration.ofSeconds(1)); // after a stable run
    assertThat(SupervisedCassandra.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(SupervisedCassandra.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(SupervisedCassandra.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(SupervisedCassandra.backoff(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(SupervisedCassandra.backoff(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(SupervisedCassandra.backoff(1_000)).isEqualTo(Duration.ofSeconds(30));
  }
}
