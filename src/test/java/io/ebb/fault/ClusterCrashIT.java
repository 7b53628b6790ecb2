package io.ebb.fault;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A 3-node cluster on an external Cassandra node, under ingestion: one node killed by SIGKILL (the others down it
 * and take its users; it rejoins with a plain restart), then the Cassandra node killed and started again 20 s later
 * (writes answered 503 meanwhile, the cluster ready again by itself). No acknowledged event is lost or applied
 * twice. Runs in the
 * integration-test phase: {@code mvn verify -Dit.test=ClusterCrashIT}; {@code -Debb.fault.events} as for
 * {@link CrashIT}.
 */
class ClusterCrashIT {

  private static final long EVENTS_BETWEEN_FAULTS = Long.getLong("ebb.fault.events", 1_000);

  @Test
  void aNodeAndThenTheCassandraNodeKilledMidIngestLoseNoAcknowledgedEvent() throws Exception {
    var figures = new FaultFigures("3-node cluster, one node killed");
    try (ClusterRun run = ClusterRun.start(3, figures)) {
      run.ingest(EVENTS_BETWEEN_FAULTS);
      run.killNode(1);
      run.ingest(EVENTS_BETWEEN_FAULTS);
      run.restartNode(1);
      run.ingest(EVENTS_BETWEEN_FAULTS / 3);
      run.killCassandra(Duration.ofSeconds(20));
      run.ingest(EVENTS_BETWEEN_FAULTS / 3);
      run.verifyNothingLost();
    } finally {
      figures.report();
    }
  }
}
