package io.ebb.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.app.CassandraStore;
import io.ebb.app.EbbNode;
import io.ebb.cassandra.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.event.Logging;

/**
 * Where the journal benchmarks (recovery, replay) find Cassandra, as {@code ebb tune} does: {@code --cassandra},
 * else {@code EBB_CASSANDRA_CONTACT_POINTS}, else the embedded node of the data folder (the running service's,
 * or one this tool starts and stops).
 */
record JournalTool(Config config, CassandraStore store, Config nodeConfig) implements AutoCloseable {

  static JournalTool open(String contactPoints, Path dataDir) {
    Config config = ConfigFactory.load();
    if (contactPoints != null) {
      config = config.withValue("ebb.cassandra.contact-points", ConfigValueFactory.fromAnyRef(contactPoints));
    }
    Path data = (dataDir != null ? dataDir : Path.of(config.getString("ebb.data-dir"))).toAbsolutePath();
    CassandraStore store = CassandraStore.openForTool(config.getConfig("ebb"), data, ProgressListener.stderr());
    return new JournalTool(config, store, EbbNode.nodeConfig(config, store));
  }

  /**
   * The node config for a local (non-clustered) ActorSystem that never takes a service node's ports, logging
   * only warnings, to the console, so that the tool's own output stays readable.
   */
  Config localSystemConfig() {
    return nodeConfig
        .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"))
        .withValue("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", ConfigValueFactory.fromAnyRef("off"))
        .withValue("pekko.use-slf4j", ConfigValueFactory.fromAnyRef("off"))
        .withValue("pekko.loggers", ConfigValueFactory.fromIterable(List.of(Logging.DefaultLogger.class.getName())))
        .withValue("pekko.logging-filter", ConfigValueFactory.fromAnyRef("org.apache.pekko.event.DefaultLoggingFilter"))
        .withValue("pekko.loglevel", ConfigValueFactory.fromAnyRef("WARNING"))
        .withValue("pekko.log-dead-letters", ConfigValueFactory.fromAnyRef("off"));
  }

  /** A plain CQL session to the journal's cluster (the caller closes it). */
  CqlSession session() {
    return store.newSession();
  }

  /** The snapshot table, {@code keyspace.table}, as the persistence plugin is configured. */
  String snapshotTable() {
    return nodeConfig.getString("pekko.persistence.cassandra.snapshot.keyspace") + "."
        + nodeConfig.getString("pekko.persistence.cassandra.snapshot.table");
  }

  Config ebb() {
    return config.getConfig("ebb");
  }

  @Override
  public void close() {
    store.close();
  }
}
