package io.ebb.fault;

import static io.ebb.fault.Await.awaitTrue;
import static io.ebb.fault.Await.since;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ebb.cassandra.CassandraJars;
import io.ebb.cassandra.CassandraNodeConfig;
import io.ebb.cassandra.CqlSessions;
import io.ebb.cassandra.EmbeddedCassandra;
import io.ebb.cassandra.ProgressListener;
import io.ebb.cassandra.Schema;
import io.ebb.testing.TestCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A cluster of Ebb nodes (the real jar, one process each, seed discovery on loopback) sharing one Cassandra node
 * that none of them runs (an external cluster, as in production), under ingestion by clients spread over the
 * nodes, each retrying an unacknowledged event on the next node as a producer behind a load balancer does. The
 * faults are done to one process at a time.
 */
final class ClusterRun implements AutoCloseable {

  /** Three first starts share two cores: each loads the embedding model and joins. */
  private static final Duration FIRST_START = Duration.ofMinutes(6);
  /** The split-brain resolver downs an unreachable node after its stable-after, then its shards move. */
  static final Duration SERVED_AGAIN_WITHIN = Duration.ofMinutes(2);
  private static final int CLIENTS = 6;

  private final List<Path> dataDirs;
  private final List<ServiceProcess> nodes;
  private final EventLoad load;
  private final FaultFigures figures;
  private final CassandraNodeConfig cassandraConfig;
  private final List<Path> cassandraJars;
  private EmbeddedCassandra cassandra;

  private ClusterRun(List<Path> dataDirs, List<ServiceProcess> nodes, EventLoad load, FaultFigures figures,
      CassandraNodeConfig cassandraConfig, List<Path> cassandraJars, EmbeddedCassandra cassandra) {
    this.dataDirs = dataDirs;
    this.nodes = nodes;
    this.load = load;
    this.figures = figures;
    this.cassandraConfig = cassandraConfig;
    this.cassandraJars = cassandraJars;
    this.cassandra = cassandra;
  }

  /** Launches {@code size} nodes, waits until each is ready and starts ingesting. */
  static ClusterRun start(int size, FaultFigures figures) throws InterruptedException {
    List<Path> dirs = new ArrayList<>();
    Path cassandraDir = TestCassandra.newDataDir("fault-cluster-cassandra-");
    dirs.add(cassandraDir);
    int[] cassandraPorts = TestCassandra.freePorts(2);
    var cassandraConfig = CassandraNodeConfig.defaults(cassandraDir).withPorts(cassandraPorts[0], cassandraPorts[1]);
    List<Path> jars = CassandraJars.resolve(ProgressListener.stderr());
    EmbeddedCassandra cassandra = EmbeddedCassandra.start(cassandraConfig, jars, ProgressListener.stderr());
    try (CqlSession session = CqlSessions.connect(cassandra.cqlAddress())) {
      Schema.apply(session, "keyspace-local.cql");
    } catch (RuntimeException e) {
      cassandra.close();
      throw e;
    }
    String contactPoint = "127.0.0.1:" + cassandra.cqlAddress().getPort();
    List<ServiceProcess.Ports> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(ServiceProcess.Ports.free());
    }
    String seeds = ports.stream().map(p -> "127.0.0.1:" + p.remote()).collect(Collectors.joining(","));
    Map<String, String> env = Map.of(
        "EBB_DISCOVERY", "seed",
        "EBB_SEED_NODES", seeds,
        "EBB_REMOTE_HOST", "127.0.0.1",
        "EBB_CASSANDRA_CONTACT_POINTS", contactPoint);
    List<ServiceProcess> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Path dir = TestCassandra.newDataDir("fault-cluster-node" + (i + 1) + "-");
      dirs.add(dir);
      nodes.add(new ServiceProcess(ServiceProcess.builtJar(), dir, ports.get(i), env));
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    var load = new EventLoad(nodes.stream().map(ServiceProcess::base).toList(), run, CLIENTS);
    var started = new ClusterRun(dirs, nodes, load, figures, cassandraConfig, jars, cassandra);
    try {
      nodes.forEach(ServiceProcess::launch);
      for (int i = 0; i < size; i++) {
        Duration ready = nodes.get(i).awaitReady(FIRST_START);
        System.out.printf("[fault] cluster: node %d ready after %.1f s (first start)%n", i + 1,
            ready.toMillis() / 1e3);
      }
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
   * SIGKILL of node {@code index} (0-based) mid-ingest: the others down it, its users' entities start on them,
   * and every client is acknowledged again. Writes meanwhile may only be refused (the dead node) or answered 503.
   */
  void killNode(int index) throws InterruptedException {
    ServiceProcess victim = nodes.get(index);
    // Shards go to the nodes as users first arrive and move between them by rebalancing: kill a node that hosts
    // some, or the test proves nothing about failover.
    awaitTrue(Duration.ofMinutes(2), "node %d to host user entities".formatted(index + 1),
        () -> victim.activeEntities() > 0, System.nanoTime());
    int hosted = victim.activeEntities();
    long killed = System.nanoTime();
    victim.kill();
    Duration first503 = awaitTrue(Duration.ofSeconds(30), "a write refused or answered 503",
        () -> !load.failuresSince(killed).isEmpty(), killed);
    Duration served = awaitTrue(SERVED_AGAIN_WITHIN,
        () -> "every client acknowledged again; " + load.describeFailuresSince(killed) + "\n"
            + survivors(index).get(0).logTail(),
        () -> load.everyClientAcknowledgedSince(killed), killed);
    for (ServiceProcess survivor : survivors(index)) {
      assertThat(survivor.ready()).as("a survivor's /health/ready").isEqualTo(200);
    }
    figures.add(new FaultFigures.Fault("cluster node %d of %d SIGKILL (it hosted %d users)".formatted(index + 1,
        nodes.size(), hosted), null,
        null, first503, served, served, load.failuresSince(killed).size()));
  }

  /**
   * SIGKILL of the Cassandra node under the running cluster, then its restart on the same folder and ports (as an
   * operator's or the orchestrator's): meanwhile writes are answered 503 within the ask timeout and the nodes are
   * not ready; afterwards they are ready again by themselves and every client is acknowledged again.
   */
  void killCassandra(Duration down) throws InterruptedException {
    long killed = System.nanoTime();
    ProcessHandle.of(cassandra.pid()).ifPresent(ProcessHandle::destroyForcibly);
    Duration notReady = awaitTrue(FaultRun.WRITE_ANSWERED_WITHIN, "every node's /health/ready to answer 503",
        () -> nodes.stream().allMatch(n -> n.ready() == 503), killed);
    Duration first503 = awaitTrue(Duration.ofSeconds(20), "a write answered 503",
        () -> load.failuresSince(killed).stream().anyMatch(f -> f.status() == 503), killed);
    Thread.sleep(Math.max(0, down.toMillis() - since(killed).toMillis())); // the outage lasts: not a wait for a state
    cassandra = EmbeddedCassandra.start(cassandraConfig, cassandraJars, ProgressListener.stderr());
    Duration ready = awaitTrue(FaultRun.READY_AGAIN_WITHIN, "every node to be ready again",
        () -> nodes.stream().allMatch(n -> n.ready() == 200), killed);
    Duration served = awaitTrue(SERVED_AGAIN_WITHIN, () -> "every client acknowledged again; "
        + load.describeFailuresSince(killed), () -> load.everyClientAcknowledgedSince(killed), killed);
    List<EventLoad.Failure> failures = load.failuresSince(killed);
    assertThat(failures).as("answers to writes during the outage").allSatisfy(f -> {
      assertThat(f.status()).as("status of %s", f).isEqualTo(503);
      assertThat(f.body()).contains("\"error\":\"unavailable\"");
      assertThat(f.latency()).as("time to answer").isLessThanOrEqualTo(FaultRun.WRITE_ANSWERED_WITHIN);
    });
    figures.add(new FaultFigures.Fault("external Cassandra node SIGKILL, back after %d s".formatted(
        down.toSeconds()), null, notReady, first503, ready, served, failures.size()));
  }

  /** Starts node {@code index} again, the plain command on its ports: it rejoins and takes users back. */
  void restartNode(int index) throws InterruptedException {
    long started = System.nanoTime();
    nodes.get(index).launch();
    nodes.get(index).awaitReady(FIRST_START);
    Duration ready = since(started);
    figures.add(new FaultFigures.Fault("cluster node %d rejoined".formatted(index + 1), null, null, null, ready,
        null, load.failuresSince(started).size()));
  }

  void verifyNothingLost() throws InterruptedException {
    new AcknowledgedCheck(nodes.get(0).base(), cassandra.cqlAddress().getPort(), load, figures).verify();
  }

  private List<ServiceProcess> survivors(int killed) {
    List<ServiceProcess> out = new ArrayList<>(nodes);
    out.remove(killed);
    return out;
  }

  @Override
  public void close() {
    try {
      load.close();
    } finally {
      nodes.forEach(ServiceProcess::killAll);
      cassandra.close();
      dataDirs.forEach(TestCassandra::deleteDataDir);
    }
  }
}
