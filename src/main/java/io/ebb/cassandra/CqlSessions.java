package io.ebb.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.internal.core.config.typesafe.DefaultProgrammaticDriverConfigLoaderBuilder;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Plain CQL sessions to one node, for the embedded node's readiness probe, schema setup, tests and command-line
 * tools (the service itself talks to Cassandra through Pekko's plugin and its own config).
 *
 * <p>They are built from the driver's reference settings only: an {@code application.conf} on the classpath that
 * names other contact points or a keyspace must not leak into a session meant for one particular node.
 */
public final class CqlSessions {

  /** The data centre SimpleSnitch puts a node in, which the driver must be told as its local one. */
  public static final String LOCAL_DATACENTER = "datacenter1";

  private static final String DRIVER_CONFIG_ROOT = "datastax-java-driver";

  private CqlSessions() {}

  /** A session with no default keyspace and a 10 s request timeout; the caller closes it. */
  public static CqlSession connect(InetSocketAddress contactPoint) {
    return build(contactPoint, isolatedConfig()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
        .build());
  }

  /** A cheap, short-lived session that only proves the node answers CQL: no schema or token metadata. */
  static CqlSession probe(InetSocketAddress contactPoint) {
    return build(contactPoint, isolatedConfig()
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(2))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(3))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(3))
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(3))
        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
        .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
        .build());
  }

  private static CqlSession build(InetSocketAddress contactPoint, DriverConfigLoader config) {
    return CqlSession.builder()
        .withConfigLoader(config)
        .addContactPoint(contactPoint)
        .withLocalDatacenter(LOCAL_DATACENTER)
        .build();
  }

  /** The driver's reference settings, with protocol v4 as the service uses it (see cluster-config/persistence.conf). */
  private static ProgrammaticDriverConfigLoaderBuilder isolatedConfig() {
    ClassLoader loader = CqlSession.class.getClassLoader();
    return new DefaultProgrammaticDriverConfigLoaderBuilder(() -> ConfigFactory.defaultReference(loader),
        DRIVER_CONFIG_ROOT)
        .withString(DefaultDriverOption.PROTOCOL_VERSION, "V4");
  }
}
