package io.ebb.fault;

import org.junit.jupiter.api.Test;

/**
 * Crashes of the real service jar and of its embedded Cassandra node, each by SIGKILL in the middle of ingestion
 * over HTTP, with the checks that matter afterwards: the orphaned node is gone within 30 s, a plain restart works,
 * a write during an outage is answered 503 within 10 s, the service is ready again by itself within 3 minutes, and
 * no acknowledged event is lost or applied twice ({@link FaultRun}).
 *
 * <p>Runs in the integration-test phase (it needs {@code target/ebb.jar}): {@code mvn verify -Dit.test=CrashIT}.
 * By default one fault of each kind (of the service: a kill, then a restart at once; a kill, then a restart once
 * the node is gone), with 1,000 events between faults. A soak repeats them:
 * {@code -Debb.fault.rounds=10 -Debb.fault.events=5000}; the figures are appended to
 * {@code target/test-data/fault-figures.md}.
 */
class CrashIT {

  private static final int ROUNDS = Integer.getInteger("ebb.fault.rounds", 1);
  private static final long EVENTS_BETWEEN_FAULTS = Long.getLong("ebb.fault.events", 1_000);

  @Test
  void aServiceKilledMidIngestLeavesNoNodeBehindRestartsAndLosesNoAcknowledgedEvent() throws Exception {
    var figures = new FaultFigures("service killed");
    try (FaultRun run = FaultRun.start("service", figures)) {
      for (int round = 0; round < ROUNDS; round++) {
        run.ingest(EVENTS_BETWEEN_FAULTS);
        run.killService(false);
        run.ingest(EVENTS_BETWEEN_FAULTS);
        run.killService(true);
      }
      run.ingest(EVENTS_BETWEEN_FAULTS / 3);
      run.verifyNothingLost();
      run.stopCleanly();
    } finally {
      figures.report();
    }
  }

  @Test
  void aCassandraNodeKilledUnderTheServiceIsRestartedAndLosesNoAcknowledgedEvent() throws Exception {
    var figures = new FaultFigures("Cassandra node killed");
    try (FaultRun run = FaultRun.start("cassandra", figures)) {
      for (int round = 0; round < ROUNDS; round++) {
        run.ingest(EVENTS_BETWEEN_FAULTS);
        run.killCassandra();
      }
      run.ingest(EVENTS_BETWEEN_FAULTS / 3);
      run.verifyNothingLost();
      run.stopCleanly();
    } finally {
      figures.report();
    }
  }
}
