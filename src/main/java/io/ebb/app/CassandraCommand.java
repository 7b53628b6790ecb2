package io.ebb.app;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ebb.cassandra.CassandraJars;
import io.ebb.cassandra.CassandraNodeConfig;
import io.ebb.cassandra.CassandraStartException;
import io.ebb.cassandra.CqlSessions;
import io.ebb.cassandra.EmbeddedCassandra;
import io.ebb.cassandra.ProgressListener;
import io.ebb.cassandra.Schema;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs only the embedded Cassandra node, in the foreground, with Ebb's keyspace and tables, until SIGTERM or
 * Ctrl-C: the one node that several Ebb nodes on this machine share ({@code cluster-config/local-cluster.sh}
 * starts them with {@code EBB_CASSANDRA_CONTACT_POINTS} pointing here). Ports and heap as for {@code serve}
 * ({@code ebb.cassandra.embedded}, {@code EBB_CASSANDRA_CQL_PORT} and friends).
 */
@Command(
    name = "cassandra",
    mixinStandardHelpOptions = true,
    description = "Run only the embedded Cassandra node (with Ebb's schema) until stopped.")
public final class CassandraCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      description = "Ebb's data folder (default ./data); the node lives in its cassandra/ subfolder, as with serve.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Config ebb = ConfigFactory.load().getConfig("ebb");
    Path data = (dataDir != null ? dataDir : Path.of(ebb.getString("data-dir"))).toAbsolutePath();
    Config e = ebb.getConfig("cassandra.embedded");
    CassandraNodeConfig nodeConfig =
        CassandraNodeConfig.defaults(data.resolve("cassandra"))
            .withPorts(e.getInt("cql-port"), e.getInt("storage-port"))
            .withHeap(e.getString("heap"))
            .withStartTimeout(e.getDuration("start-timeout"));
    ProgressListener progress = ProgressListener.stderr();
    EmbeddedCassandra node;
    try {
      node = EmbeddedCassandra.start(nodeConfig, CassandraJars.resolve(progress), progress);
    } catch (CassandraStartException failure) {
      System.err.println("ebb: Cassandra could not start: " + failure.getMessage());
      return 2;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  node.close(); // SIGTERM to the node: it drains (6-7 s), SIGKILL after 60 s
                },
                "ebb-cassandra-stop"));
    try (CqlSession session = CqlSessions.connect(node.cqlAddress())) {
      Schema.apply(session, "keyspace-local.cql");
    } catch (RuntimeException failure) {
      System.err.println("ebb: cannot apply the schema: " + failure.getMessage());
      node.close();
      return 1;
    }
    progress.message(
        "Cassandra serves CQL on %s:%d (pid %d); stop with SIGTERM or Ctrl-C"
            .formatted(node.cqlAddress().getHostString(), node.cqlAddress().getPort(), node.pid()));
    while (node.isRunning() || stopping.get()) {
      TimeUnit.SECONDS.sleep(1); // the shutdown hook ends the JVM when it is done
    }
    System.err.println("ebb: the Cassandra node stopped on its own; see " + nodeConfig.logDir());
    return 3;
  }
}
