package io.ebb.app;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ebb.journal.GroupedWritesSession;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The meter registry of one node, scraped at {@code GET /metrics}: Ebb's own meters plus the JVM's (heap, GC
 * pauses, threads, CPU), which are what an operator looks at first when latency moves.
 */
final class NodeMeters {

  private NodeMeters() {}

  static PrometheusMeterRegistry registry(ActorSystem<?> system) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    system.getWhenTerminated().thenRun(() -> {
      gc.close();
      registry.close();
    });
    return registry;
  }

  /** How the journal's inserts are grouped, when {@code session} groups them: rows per group is rows / groups. */
  static void bindJournalGroups(CqlSession session, MeterRegistry registry) {
    if (session instanceof GroupedWritesSession grouped) {
      FunctionCounter.builder("ebb.journal.groups", grouped, GroupedWritesSession::groupsWritten)
          .description("Journal insert groups sent to Cassandra (an unlogged batch, or one insert alone)")
          .register(registry);
      FunctionCounter.builder("ebb.journal.group.rows", grouped, GroupedWritesSession::rowsWritten)
          .description("Journal rows sent in those groups")
          .register(registry);
      Gauge.builder("ebb.journal.rows.waiting", grouped, GroupedWritesSession::rowsWaiting)
          .description("Journal rows waiting for a free group slot")
          .register(registry);
    }
  }
}
