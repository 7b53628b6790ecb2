package io.ebb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the service's CPU time from its Prometheus exposition. */
class ServiceCpuTest {

  @Test
  void readsTheCounterAndIgnoresItsHelpLines() {
    String exposition = """
        # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
        # TYPE process_cpu_time_ns_total counter
        process_cpu_time_ns_total 2.3602E11
        process_cpu_usage 1.0
        """;
    assertThat(ServiceCpu.parse(exposition)).isEqualTo(236_020_000_000L);
  }

  @Test
  void missingCounterIsUnknown() {
    assertThat(ServiceCpu.parse("process_cpu_usage 1.0\n")).isEqualTo(-1);
  }
}
