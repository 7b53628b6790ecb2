package io.ebb.fault;

import org.junit.jupiter.api.Test;

/**
 * One node of a 3-node cluster killed by SIGKILL in the middle of ingestion: the others down it, take its users,
 * and no acknowledged event is lost or applied twice; the node then rejoins with a plain restart. Runs in the
 * integration-test phase: {@code mvn verify -Dit.test=ClusterCrashIT}; {@code -Debb.fault.events} as for
 * {@link CrashIT}.
 */
class ClusterCrashIT {

  private static final long EVENTS_BETWEEN_FAULTS = Long.getLong("ebb.fault.events", 1_000);

  @Test
  void aNodeKilledMidIngestIsReplacedByTheOthersAndLosesNoAcknowledgedEvent() throws Exception {
    var figures = new FaultFigures("3-node cluster, one node killed");
    try (ClusterRun run = ClusterRun.start(3, figures)) {
      run.ingest(EVENTS_BETWEEN_FAULTS);
      run.killNode(1);
      run.ingest(EVENTS_BETWEEN_FAULTS);
      run.restartNode(1);
      run.ingest(EVENTS_BETWEEN_FAULTS / 3);
      run.verifyNothingLost();
    } finally {
      figures.report();
    }
  }
}
