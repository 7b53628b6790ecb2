package io.ebb.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ebb.testing.TestCassandra;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against real Cassandra nodes: the shared one of {@link TestCassandra}, and one of its own for a restart. */
class EmbeddedCassandraTest {

  private static final Duration FAIL_FAST = Duration.ofSeconds(5);

  @Test
  void itemsMakeACqlRoundTripOnTheSharedNode() {
    CqlSession session = TestCassandra.get().session();
    String itemId = "item-" + UUID.randomUUID();
    Instant updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    session.execute(SimpleStatement.newInstance(
        "INSERT INTO ebb.items (item_id, title, tags, text_vector, embedding_model, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?)",
        itemId, "Wool socks", List.of("winter", "clothing"), ByteBuffer.wrap(new byte[] {1, 2, 3, 4}),
        "all-minilm-l6-v2-q", updatedAt));
    session.execute(SimpleStatement.newInstance(
        "UPDATE ebb.item_popularity SET events = events + 3 WHERE item_id = ?", itemId));

    Row item = session.execute(SimpleStatement.newInstance(
        "SELECT title, tags, text_vector, updated_at FROM ebb.items WHERE item_id = ?", itemId)).one();
    assertThat(item).isNotNull();
    assertThat(item.getString("title")).isEqualTo("Wool socks");
    assertThat(item.getList("tags", String.class)).containsExactly("winter", "clothing");
    assertThat(item.getByteBuffer("text_vector")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    assertThat(item.getInstant("updated_at")).isEqualTo(updatedAt);
    Row popularity = session.execute(SimpleStatement.newInstance(
        "SELECT events FROM ebb.item_popularity WHERE item_id = ?", itemId)).one();
    assertThat(popularity.getLong("events")).isEqualTo(3);
  }

  @Test
  void newestInterestSettingsComeFirst() {
    CqlSession session = TestCassandra.get().session();
    String name = "decay-" + UUID.randomUUID();
    for (int version = 1; version <= 3; version++) {
      session.execute(SimpleStatement.newInstance(
          "INSERT INTO ebb.interest_settings (name, version, settings, created_at) VALUES (?, ?, ?, ?)",
          name, version, "{\"halfLife\":\"" + version + "d\"}", Instant.now()));
    }

    Row newest = session.execute(SimpleStatement.newInstance(
        "SELECT version FROM ebb.interest_settings WHERE name = ? LIMIT 1", name)).one();
    assertThat(newest.getInt("version")).isEqualTo(3);
  }

  @Test
  void aCqlPortInUseFailsFastNamingThePortAndLeavesNoProcess() {
    TestCassandra shared = TestCassandra.get();
    int takenPort = shared.cqlAddress().getPort();
    Path dataDir = TestCassandra.newDataDir("cassandra-clash-");
    CassandraNodeConfig clash = CassandraNodeConfig.defaults(dataDir)
        .withPorts(takenPort, TestCassandra.freePorts(1)[0]);
    long childrenBefore = ProcessHandle.current().children().count();
    long started = System.nanoTime();

    assertThatThrownBy(() -> EmbeddedCassandra.start(clash, shared.jars(), ProgressListener.silent()))
        .isInstanceOf(CassandraStartException.class)
        .hasMessage("port %d on 127.0.0.1 is already in use: stop what holds it or set EBB_CASSANDRA_CQL_PORT "
            + "(or EBB_CASSANDRA_CONTACT_POINTS to use a running cluster)", takenPort);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAIL_FAST);
    assertThat(ProcessHandle.current().children().count()).isEqualTo(childrenBefore);
    assertThat(dataDir.resolve("endpoint.properties")).doesNotExist();
    TestCassandra.deleteDataDir(dataDir);
  }

  @Test
  void aStoragePortInUseFailsFastToo() throws IOException {
    Path dataDir = TestCassandra.newDataDir("cassandra-clash-");
    try (var holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int takenPort = holder.getLocalPort();
      CassandraNodeConfig clash = CassandraNodeConfig.defaults(dataDir)
          .withPorts(TestCassandra.freePorts(1)[0], takenPort);

      // No jars needed: nothing gets as far as launching.
      assertThatThrownBy(() -> EmbeddedCassandra.start(clash, List.of(), ProgressListener.silent()))
          .isInstanceOf(CassandraStartException.class)
          .hasMessageContaining("port " + takenPort + " on 127.0.0.1 (Cassandra's inter-node storage port) is "
              + "already in use");
    } finally {
      TestCassandra.deleteDataDir(dataDir);
    }
  }

  @Test
  void aSecondNodeOnTheDataOfARunningOneIsRefused() {
    TestCassandra shared = TestCassandra.get();
    int[] otherPorts = TestCassandra.freePorts(2);
    CassandraNodeConfig sameData = shared.node().config().withPorts(otherPorts[0], otherPorts[1]);

    assertThatThrownBy(() -> EmbeddedCassandra.start(sameData, shared.jars(), ProgressListener.silent()))
        .isInstanceOf(CassandraStartException.class)
        .hasMessageContaining("already runs on " + sameData.dataDir())
        .hasMessageContaining("pid " + shared.node().pid());
    assertThat(EmbeddedCassandra.runningEndpoint(sameData.dataDir())).contains(shared.cqlAddress());
  }

  /** Costs two node starts (~30–60 s here): the one test that proves data survives a stop. */
  @Test
  void aNodeKeepsItsDataAcrossStopAndRestart() {
    List<Path> jars = CassandraJars.resolve(ProgressListener.stderr());
    int[] ports = TestCassandra.freePorts(2);
    Path dataDir = TestCassandra.newDataDir("cassandra-restart-");
    CassandraNodeConfig config = CassandraNodeConfig.defaults(dataDir).withPorts(ports[0], ports[1]);
    try {
      long pid;
      try (EmbeddedCassandra node = EmbeddedCassandra.start(config, jars, ProgressListener.stderr())) {
        pid = node.pid();
        assertThat(EmbeddedCassandra.runningEndpoint(dataDir)).contains(node.cqlAddress());
        try (CqlSession session = CqlSessions.connect(node.cqlAddress())) {
          session.execute("CREATE KEYSPACE restart_check WITH replication = "
              + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
          session.execute("CREATE TABLE restart_check.kv (k text PRIMARY KEY, v text)");
          session.execute("INSERT INTO restart_check.kv (k, v) VALUES ('answer', '42')");
        }
      }
      // close() returned: the process is gone (it waits up to 60 s) and so is the endpoint file.
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
      assertThat(config.endpointFile()).doesNotExist();
      assertThat(EmbeddedCassandra.runningEndpoint(dataDir)).isEmpty();

      try (EmbeddedCassandra again = EmbeddedCassandra.start(config, jars, ProgressListener.stderr());
          CqlSession session = CqlSessions.connect(again.cqlAddress())) {
        Row row = session.execute("SELECT v FROM restart_check.kv WHERE k = 'answer'").one();
        assertThat(row).isNotNull();
        assertThat(row.getString("v")).isEqualTo("42");
      }
    } finally {
      TestCassandra.deleteDataDir(dataDir);
    }
  }
}
