package io.ebb.fault;

import static io.ebb.fault.Await.awaitTrue;
import static io.ebb.fault.Await.since;
import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.testing.TestCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One service on a fresh data folder under ingestion, the faults done to it, and the checks after them
 * ({@link AcknowledgedCheck}). Figures of each fault go to {@link FaultFigures}.
 */
final class FaultRun implements AutoCloseable {

  /** The bound on an orphaned node's life (the watchdog's grace period and the second it takes to notice). */
  static final Duration NODE_OUTLIVES_AT_MOST = Duration.ofSeconds(30);
  static final Duration WRITE_ANSWERED_WITHIN = Duration.ofSeconds(10);
  static final Duration READY_AGAIN_WITHIN = Duration.ofMinutes(3);
  /** A first start resolves Cassandra's jars, creates the schema and loads the embedding model. */
  private static final Duration FIRST_START = Duration.ofMinutes(5);
  private static final int CLIENTS = 6;

  private final Path dataDir;
  private final ServiceProcess service;
  private final EventLoad load;
  private final FaultFigures figures;

  private FaultRun(Path dataDir, ServiceProcess service, EventLoad load, FaultFigures figures) {
    this.dataDir = dataDir;
    this.service = service;
    this.load = load;
    this.figures = figures;
  }

  /** Launches the service, waits until it is ready and starts ingesting. */
  static FaultRun start(String name, FaultFigures figures) throws InterruptedException {
    Path dataDir = TestCassandra.newDataDir("fault-" + name + "-");
    var service = new ServiceProcess(ServiceProcess.builtJar(), dataDir, ServiceProcess.Ports.free());
    String run = UUID.randomUUID().toString().substring(0, 8);
    var started = new FaultRun(dataDir, service, new EventLoad(service.base(), run, CLIENTS), figures);
    try {
      service.launch();
      Duration ready = service.awaitReady(FIRST_START);
      System.out.printf("[fault] %s: service ready after %.1f s (first start)%n", name, ready.toMillis() / 1e3);
      started.load.start();
      return started;
    } catch (InterruptedException | RuntimeException | Error e) {
      started.close();
      throw e;
    }
  }

  /** Returns once the clients have had {@code events} more events acknowledged. */
  void ingest(long events) throws InterruptedException {
    load.awaitAcknowledged(events);
  }

  /**
   * SIGKILL of the service mid-ingest, then a plain restart: at once, or only after the node has gone by itself
   * (proving the watchdog, with no new service to stop it).
   */
  void killService(boolean restartAtOnce) throws InterruptedException {
    long nodePid = service.cassandraPid().orElseThrow(() -> new AssertionError("no cassandra.pid"));
    long killed = System.nanoTime();
    service.kill();
    if (restartAtOnce) {
      service.launch();
    }
    Duration nodeGone = awaitTrue(NODE_OUTLIVES_AT_MOST, "the killed service's Cassandra node (pid %d) to exit"
        .formatted(nodePid), () -> ProcessHandle.of(nodePid).map(p -> !p.isAlive()).orElse(true), killed);
    if (!restartAtOnce) {
      service.launch();
    }
    service.awaitReady(READY_AGAIN_WITHIN);
    Duration ready = since(killed);
    long readyAt = System.nanoTime();
    awaitTrue(Duration.ofMinutes(1), () -> "an event acknowledged after the restart; " + lastFailures(readyAt),
        () -> load.acknowledgedSince(readyAt), readyAt);
    Duration acknowledged = since(killed);
    List<EventLoad.Failure> failures = load.failuresSince(killed);
    assertThat(failures).as("answers to writes while the service was down").allMatch(
        f -> f.status() == -1 || f.status() == 503);
    figures.add(new FaultFigures.Fault(restartAtOnce ? "service SIGKILL, restarted at once"
        : "service SIGKILL, restarted once its node left", nodeGone, null, null, ready, acknowledged,
        failures.size()));
  }

  /** SIGKILL of the embedded Cassandra node under the running service. */
  void killCassandra() throws InterruptedException {
    long nodePid = service.cassandraPid().orElseThrow(() -> new AssertionError("no cassandra.pid"));
    long killed = System.nanoTime();
    ProcessHandle.of(nodePid).orElseThrow().destroyForcibly();
    Duration notReady = awaitTrue(WRITE_ANSWERED_WITHIN, "/health/ready to answer 503",
        () -> service.ready() == 503, killed);
    Duration first503 = awaitTrue(Duration.ofSeconds(20), "a write answered 503",
        () -> load.failuresSince(killed).stream().anyMatch(f -> f.status() == 503), killed);
    Duration ready = awaitTrue(READY_AGAIN_WITHIN, "the service to be ready again",
        () -> service.ready() == 200, killed);
    long readyAt = System.nanoTime();
    awaitTrue(Duration.ofMinutes(1), () -> "an event acknowledged after the node's restart; "
        + lastFailures(readyAt), () -> load.acknowledgedSince(readyAt), readyAt);
    Duration acknowledged = since(killed);
    assertThat(service.isAlive()).as("the service runs on").isTrue();
    assertThat(service.cassandraPid().orElse(-1)).as("the new node's pid").isNotIn(-1L, nodePid);
    List<EventLoad.Failure> failures = load.failuresSince(killed);
    assertThat(failures).as("answers to writes during the outage").allSatisfy(f -> {
      assertThat(f.status()).as("status of %s", f).isEqualTo(503);
      assertThat(f.body()).contains("\"error\":\"unavailable\"");
      assertThat(f.latency()).as("time to answer").isLessThanOrEqualTo(WRITE_ANSWERED_WITHIN);
    });
    figures.add(new FaultFigures.Fault("Cassandra node SIGKILL", null, notReady, first503, ready, acknowledged,
        failures.size()));
  }

  /**
   * Stops the clients (each delivers the event it holds) and checks the journal against what was acknowledged.
   */
  void verifyNothingLost() throws InterruptedException {
    new AcknowledgedCheck(service.base(), service.cqlPort(), load, figures).verify();
  }

  /** SIGTERM: the service stops, then its node, and nothing is left running. */
  void stopCleanly() throws InterruptedException {
    long nodePid = service.cassandraPid().orElseThrow(() -> new AssertionError("no cassandra.pid"));
    int exit = service.stop(Duration.ofMinutes(2));
    assertThat(ProcessHandle.of(nodePid).map(ProcessHandle::isAlive)).as("the node after a clean stop")
        .isNotEqualTo(java.util.Optional.of(true));
    System.out.printf("[fault] stopped cleanly (exit code %d)%n", exit);
  }

  @Override
  public void close() {
    try {
      load.close();
    } finally {
      service.killAll();
      TestCassandra.deleteDataDir(dataDir);
    }
  }

  private String lastFailures(long sinceNanos) {
    return load.describeFailuresSince(sinceNanos) + "\n" + service.logTail();
  }
}
