package io.ebb.cassandra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how one embedded Cassandra node runs. Everything the node writes lives under {@code dataDir}
 * ({@code data/}, {@code commitlog/}, {@code saved_caches/}, {@code hints/}, {@code cdc_raw/}, {@code logs/},
 * the rendered {@code conf/} with the watchdog's jar, {@code cassandra.pid} and {@code endpoint.properties}), so a
 * later start on the same folder finds its data.
 *
 * @param heap JVM heap for the node, as {@code -Xmx} takes it ("512M", "1G")
 * @param startTimeout how long {@link EmbeddedCassandra#start} waits for CQL before it kills the node and fails
 */
public record CassandraNodeConfig(
    Path dataDir, String host, int cqlPort, int storagePort, String heap, String clusterName,
    Duration startTimeout) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_CQL_PORT = 9042;
  public static final int DEFAULT_STORAGE_PORT = 7000;
  public static final String DEFAULT_HEAP = "512M";
  public static final String DEFAULT_CLUSTER_NAME = "ebb";
  /** 11–40 s is usual on 2 busy cores; the first start after a crash replays the commit log too. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);

  public CassandraNodeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(heap, "heap");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(startTimeout, "startTimeout");
    dataDir = dataDir.toAbsolutePath().normalize();
    requirePort(cqlPort, "cqlPort");
    requirePort(storagePort, "storagePort");
    if (cqlPort == storagePort) {
      throw new IllegalArgumentException("the CQL and storage ports must differ, both are " + cqlPort);
    }
    if (!heap.matches("\\d+[kKmMgG]?")) {
      throw new IllegalArgumentException("heap must look like 512M or 1G, not '" + heap + "'");
    }
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive, not " + startTimeout);
    }
  }

  public static CassandraNodeConfig defaults(Path dataDir) {
    return new CassandraNodeConfig(dataDir, DEFAULT_HOST, DEFAULT_CQL_PORT, DEFAULT_STORAGE_PORT, DEFAULT_HEAP,
        DEFAULT_CLUSTER_NAME, DEFAULT_START_TIMEOUT);
  }

  public CassandraNodeConfig withPorts(int cql, int storage) {
    return new CassandraNodeConfig(dataDir, host, cql, storage, heap, clusterName, startTimeout);
  }

  public CassandraNodeConfig withHeap(String newHeap) {
    return new CassandraNodeConfig(dataDir, host, cqlPort, storagePort, newHeap, clusterName, startTimeout);
  }

  public CassandraNodeConfig withStartTimeout(Duration timeout) {
    return new CassandraNodeConfig(dataDir, host, cqlPort, storagePort, heap, clusterName, timeout);
  }

  public Path confDir() {
    return dataDir.resolve("conf");
  }

  public Path logDir() {
    return dataDir.resolve("logs");
  }

  /** Written while the node runs, so command-line tools started beside a service can find it. */
  public Path endpointFile() {
    return dataDir.resolve(EmbeddedCassandra.ENDPOINT_FILE);
  }

  /** The running node's pid, written at launch (before it is ready) and deleted when it stops. */
  public Path pidFile() {
    return dataDir.resolve(EmbeddedCassandra.PID_FILE);
  }

  private static void requirePort(int port, String name) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + " must be within 1..65535, not " + port);
    }
  }
}
