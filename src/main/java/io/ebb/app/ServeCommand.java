package io.ebb.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.cassandra.CassandraStartException;
import io.ebb.cassandra.ProgressListener;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a node: Cassandra (the embedded local node unless contact points are configured), then the service. On
 * SIGTERM or Ctrl-C the service stops first (HTTP unbound, shards handed off), then the Cassandra node it started.
 * An embedded node that dies meanwhile is started again ({@link io.ebb.cassandra.SupervisedCassandra}); one whose
 * service is killed stops by itself, and the next {@code serve} on the same data starts cleanly
 * ({@link io.ebb.cassandra.EmbeddedCassandra}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the service (the default command).")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "HTTP port (default 8080, or EBB_HTTP_PORT).")
  Integer port;

  @Option(names = "--data-dir", description = "Folder for the embedded Cassandra node and logs (default ./data).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Config config = ConfigFactory.load();
    if (port != null) {
      config = config.withValue("ebb.http.port", ConfigValueFactory.fromAnyRef(port));
    }
    Path data = (dataDir != null ? dataDir : Path.of(config.getString("ebb.data-dir"))).toAbsolutePath();
    ProgressListener progress = ProgressListener.stderr();
    CassandraStore store;
    try {
      store = CassandraStore.open(config.getConfig("ebb"), data, progress);
    } catch (CassandraStartException e) {
      System.err.println("ebb: Cassandra could not start: " + e.getMessage());
      return 2;
    }
    EbbNode node;
    try {
      node = EbbNode.start(EbbNode.nodeConfig(config, store));
    } catch (Exception e) {
      store.close();
      System.err.println("ebb: the service could not start: " + e);
      return 1;
    }
    // Pekko's own JVM hook runs the coordinated shutdown; this one waits for it, then stops Cassandra.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  store.close();
                },
                "ebb-shutdown"));
    node.awaitTermination();
    return 0;
  }
}
