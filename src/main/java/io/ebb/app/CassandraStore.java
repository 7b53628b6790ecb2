package io.ebb.app;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.ebb.cassandra.CassandraJars;
import io.ebb.cassandra.CassandraNodeConfig;
import io.ebb.cassandra.EmbeddedCassandra;
import io.ebb.cassandra.ProgressListener;
import io.ebb.cassandra.Schema;
import io.ebb.cassandra.SupervisedCassandra;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the journal and catalog live: an existing cluster ({@code ebb.cassandra.contact-points}) or, by default,
 * a single local node this process starts (separate JVM, data under the data folder), starts again if it dies, and
 * stops on exit.
 */
public final class CassandraStore implements AutoCloseable {

  private final List<String> contactPoints;
  private final String localDatacenter;
  private final SupervisedCassandra embedded;

  private CassandraStore(List<String> contactPoints, String localDatacenter, SupervisedCassandra embedded) {
    this.contactPoints = contactPoints;
    this.localDatacenter = localDatacenter;
    this.embedded = embedded;
  }

  public static CassandraStore open(Config ebb, Path dataDir, ProgressListener progress) {
    Config c = ebb.getConfig("cassandra");
    String dc = c.getString("local-datacenter");
    String configured = c.getString("contact-points").trim();
    if (!configured.isEmpty()) {
      List<String> points = Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      progress.message("using the Cassandra cluster at " + String.join(", ", points));
      return new CassandraStore(points, dc, null);
    }
    return startEmbedded(c, dataDir, progress);
  }

  /**
   * For command-line tools run beside a service: the configured cluster; else the embedded node of this data
   * folder while the service runs it; else the tool starts that node itself (and stops it on {@link #close}).
   */
  public static CassandraStore openForTool(Config ebb, Path dataDir, ProgressListener progress) {
    Config c = ebb.getConfig("cassandra");
    if (!c.getString("contact-points").isBlank()) {
      return open(ebb, dataDir, progress);
    }
    var running = EmbeddedCassandra.runningEndpoint(dataDir.resolve("cassandra"));
    if (running.isPresent()) {
      InetSocketAddress address = running.get();
      progress.message("using the service's Cassandra node at " + address.getHostString() + ":" + address.getPort());
      return new CassandraStore(List.of(address.getHostString() + ":" + address.getPort()), "datacenter1", null);
    }
    return startEmbedded(c, dataDir, progress);
  }

  private static CassandraStore startEmbedded(Config c, Path dataDir, ProgressListener progress) {
    Config e = c.getConfig("embedded");
    CassandraNodeConfig node =
        CassandraNodeConfig.defaults(dataDir.resolve("cassandra"))
            .withPorts(e.getInt("cql-port"), e.getInt("storage-port"))
            .withHeap(e.getString("heap"))
            .withStartTimeout(e.getDuration("start-timeout"));
    List<Path> jars = CassandraJars.resolve(progress);
    SupervisedCassandra cassandra = SupervisedCassandra.start(node, jars, progress);
    try {
      InetSocketAddress address = cassandra.cqlAddress();
      try (CqlSession session =
          CqlSession.builder().addContactPoint(address).withLocalDatacenter("datacenter1").build()) {
        Schema.apply(session, "keyspace-local.cql");
      }
      return new CassandraStore(
          List.of(address.getHostString() + ":" + address.getPort()), "datacenter1", cassandra);
    } catch (RuntimeException failure) {
      cassandra.close();
      throw failure;
    }
  }

  public List<String> contactPoints() {
    return contactPoints;
  }

  public String localDatacenter() {
    return localDatacenter;
  }

  /** A plain CQL session to these contact points, for command-line tools (the caller closes it). */
  public CqlSession newSession() {
    var builder = CqlSession.builder().withLocalDatacenter(localDatacenter);
    for (String point : contactPoints) {
      int colon = point.lastIndexOf(':');
      builder.addContactPoint(
          new InetSocketAddress(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1))));
    }
    return builder.build();
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
