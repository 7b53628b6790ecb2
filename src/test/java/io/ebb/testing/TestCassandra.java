package io.ebb.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ebb.cassandra.CassandraJars;
import io.ebb.cassandra.CassandraNodeConfig;
import io.ebb.cassandra.CqlSessions;
import io.ebb.cassandra.EmbeddedCassandra;
import io.ebb.cassandra.ProgressListener;
import io.ebb.cassandra.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one real Cassandra node of a test JVM, shared by every test that needs Cassandra: started on first use in a
 * fresh folder under {@code ebb.test.dataDir} on free ports, with keyspace {@code ebb} and all tables created,
 * and stopped (its folder deleted) when the JVM exits. A start costs 10–20 s on 2 cores (more when they are busy),
 * so tests share it: give each test its own ids rather than truncating tables.
 *
 * <pre>{@code
 * var cassandra = TestCassandra.get();
 * cassandra.session().execute("SELECT * FROM ebb.items");
 * // for Pekko: datastax-java-driver.basic.contact-points = [ <cassandra.contactPoint()> ]
 * }</pre>
 *
 * <p>Set {@code -Debb.test.keepCassandraData=true} to keep the node's folder (and its logs) after the run.
 */
public final class TestCassandra {

  private static final Object LOCK = new Object();
  private static volatile TestCassandra instance;
  /** A failed start is not retried by every later test (each attempt can take minutes): they all see it. */
  private static RuntimeException startFailure;

  private final EmbeddedCassandra node;
  private final CqlSession session;
  private final List<Path> jars;

  private TestCassandra(EmbeddedCassandra node, CqlSession session, List<Path> jars) {
    this.node = node;
    this.session = session;
    this.jars = jars;
  }

  /** The shared node, started (and given Ebb's schema) on the first call; thread-safe. */
  public static TestCassandra get() {
    TestCassandra current = instance;
    if (current != null) {
      return current;
    }
    synchronized (LOCK) {
      if (instance == null) {
        if (startFailure != null) {
          throw new IllegalStateException("the shared test Cassandra node failed to start earlier in this JVM",
              startFailure);
        }
        try {
          instance = startNode();
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
      }
      return instance;
    }
  }

  public InetSocketAddress cqlAddress() {
    return node.cqlAddress();
  }

  /** {@code "127.0.0.1:PORT"}, as the driver's {@code basic.contact-points} takes it. */
  public String contactPoint() {
    return cqlAddress().getHostString() + ":" + cqlAddress().getPort();
  }

  /** A session shared by all tests, with no default keyspace: name tables as {@code ebb.items}. Do not close it. */
  public CqlSession session() {
    return session;
  }

  /** Rows in the journal's first partition for {@code persistenceId} (all of a user's events below 500,000). */
  public long journalRows(String persistenceId) {
    return session.execute("SELECT count(*) FROM ebb.messages WHERE persistence_id = ? AND partition_nr = 0",
        persistenceId).one().getLong(0);
  }

  /** Cassandra's resolved jars, for tests that start a node of their own. */
  public List<Path> jars() {
    return jars;
  }

  /** The node itself (its pid, config); closing it is the shutdown hook's job, not a test's. */
  public EmbeddedCassandra node() {
    return node;
  }

  /** Ports that were free a moment ago (the OS hands out ephemeral ports in turn, so reuse is unlikely). */
  public static int[] freePorts(int count) {
    int[] ports = new int[count];
    var sockets = new ServerSocket[count];
    try {
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // the port is returned either way
          }
        }
      }
    }
  }

  /** A new, empty folder for a node under {@code ebb.test.dataDir} (default {@code target/test-data}). */
  public static Path newDataDir(String prefix) {
    try {
      Path base = Path.of(System.getProperty("ebb.test.dataDir", "target/test-data")).toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a node's folder unless {@code -Debb.test.keepCassandraData=true}. */
  public static void deleteDataDir(Path dir) {
    if (Boolean.getBoolean("ebb.test.keepCassandraData") || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("[cassandra] cannot delete " + dir + ": " + e.getMessage());
    }
  }

  private static TestCassandra startNode() {
    ProgressListener progress = ProgressListener.stderr();
    List<Path> jars = CassandraJars.resolve(progress);
    int[] ports = freePorts(2);
    Path dataDir = newDataDir("cassandra-");
    CassandraNodeConfig config = CassandraNodeConfig.defaults(dataDir).withPorts(ports[0], ports[1]);
    EmbeddedCassandra node = EmbeddedCassandra.start(config, jars, progress);
    CqlSession session;
    try {
      session = CqlSessions.connect(node.cqlAddress());
      long started = System.nanoTime();
      Schema.apply(session, "keyspace-local.cql");
      progress.message("schema applied in %.1f s".formatted((System.nanoTime() - started) / 1e9));
    } catch (RuntimeException e) {
      node.close();
      deleteDataDir(dataDir);
      throw e;
    }
    var started = new TestCassandra(node, session, jars);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        session.close();
      } finally {
        node.close();
        deleteDataDir(dataDir);
      }
    }, "test-cassandra-stop"));
    return started;
  }
}
