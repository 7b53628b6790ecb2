package io.ebb.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node joins its cluster, chosen by {@code ebb.cluster.discovery} ({@code EBB_DISCOVERY}):
 *
 * <ul>
 *   <li>{@code seed}: Pekko's own seed-node join, the seed nodes from {@code ebb.cluster.seed-nodes}
 *       ({@code EBB_SEED_NODES}); with none, the node forms a cluster of its own (the single-node default);
 *   <li>{@code config}: Pekko Management Cluster Bootstrap over config discovery, the contact points from
 *       {@code ebb.cluster.bootstrap-endpoints} (docker-compose);
 *   <li>{@code kubernetes}: Cluster Bootstrap over the Kubernetes API (pods labelled {@code app=<service name>}).
 * </ul>
 *
 * <p>Seed nodes are read when the ActorSystem starts, so {@link #configure} runs before it is created and
 * {@link #join} right after.
 */
public final class ClusterFormation {

  /** The ActorSystem name every node of a cluster must share: it is part of each node's address. */
  public static final String SYSTEM_NAME = "ebb";

  private static final Logger log = LoggerFactory.getLogger(ClusterFormation.class);

  /** The ways to find the other nodes. */
  public enum Discovery {
    SEED,
    CONFIG,
    KUBERNETES;

    static Discovery parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "ebb.cluster.discovery (EBB_DISCOVERY) must be seed, config or kubernetes, not \"" + value + "\"");
      }
    }
  }

  private final Discovery discovery;
  private final List<String> seedNodes;
  private final List<String> bootstrapEndpoints;
  private final boolean management;

  private ClusterFormation(
      Discovery discovery, List<String> seedNodes, List<String> bootstrapEndpoints, boolean management) {
    this.discovery = discovery;
    this.seedNodes = seedNodes;
    this.bootstrapEndpoints = bootstrapEndpoints;
    this.management = management || discovery != Discovery.SEED;
  }

  /** Reads {@code ebb.cluster} of the node's whole config. */
  public static ClusterFormation fromConfig(Config config) {
    Config c = config.getConfig("ebb.cluster");
    return new ClusterFormation(
        Discovery.parse(c.getString("discovery")),
        commaList(c.getString("seed-nodes")),
        commaList(c.getString("bootstrap-endpoints")),
        c.getBoolean("management"));
  }

  public Discovery discovery() {
    return discovery;
  }

  /** {@code config} with Pekko's seed nodes or discovery method set for this way of joining. */
  public Config configure(Config config) {
    return switch (discovery) {
      case SEED ->
          config.withValue(
              "pekko.cluster.seed-nodes",
              ConfigValueFactory.fromIterable(seedNodes.stream().map(ClusterFormation::seedAddress).toList()));
      case CONFIG -> {
        if (bootstrapEndpoints.isEmpty()) {
          throw new IllegalArgumentException(
              "EBB_DISCOVERY=config needs ebb.cluster.bootstrap-endpoints (EBB_BOOTSTRAP_ENDPOINTS), "
                  + "e.g. ebb1:7626,ebb2:7626,ebb3:7626");
        }
        int defaultPort = config.getInt("pekko.management.http.port");
        String service =
            config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name");
        List<Map<String, Object>> endpoints =
            bootstrapEndpoints.stream().map(e -> endpoint(e, defaultPort)).toList();
        Config discoveryConfig =
            ConfigFactory.empty()
                .withValue("pekko.discovery.method", ConfigValueFactory.fromAnyRef("config"))
                // The endpoints listed are management endpoints, each with its port: keep those whose port
                // differs from this node's (several nodes on one host), which bootstrap drops by default.
                .withValue(
                    "pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port",
                    ConfigValueFactory.fromAnyRef(false))
                .withValue(
                    "pekko.discovery.config.services",
                    ConfigValueFactory.fromMap(Map.of(service, Map.of("endpoints", endpoints))));
        yield discoveryConfig.withFallback(config);
      }
      case KUBERNETES ->
          config.withValue("pekko.discovery.method", ConfigValueFactory.fromAnyRef("kubernetes-api"));
    };
  }

  /** Starts joining: at once in seed mode; through Pekko Management and Cluster Bootstrap otherwise. */
  public void join(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    if (management) {
      PekkoManagement.get(system).start();
    }
    switch (discovery) {
      case SEED -> {
        if (seedNodes.isEmpty()) {
          cluster.manager().tell(Join.create(cluster.selfMember().address()));
        } else {
          log.info("Joining the cluster through seed nodes {}", seedNodes);
        }
      }
      case CONFIG, KUBERNETES -> {
        log.info(
            "Joining the cluster through Cluster Bootstrap ({} discovery)", discovery.name().toLowerCase(Locale.ROOT));
        ClusterBootstrap.get(system).start();
      }
    }
  }

  /** {@code host:port} or a full {@code pekko://ebb@host:port} address. */
  static String seedAddress(String seed) {
    if (seed.contains("://")) {
      return seed;
    }
    if (seed.lastIndexOf(':') <= 0) {
      throw new IllegalArgumentException(
          "a seed node is host:port (its remoting port), e.g. 127.0.0.1:25521, not \"" + seed + "\"");
    }
    return "pekko://" + SYSTEM_NAME + "@" + seed;
  }

  static Map<String, Object> endpoint(String hostPort, int defaultPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return Map.of("host", hostPort, "port", defaultPort);
    }
    try {
      return Map.of("host", hostPort.substring(0, colon), "port", Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a bootstrap endpoint is host or host:port, not \"" + hostPort + "\"");
    }
  }

  static List<String> commaList(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
