package io.ebb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterFormationTest {

  private static Config config(Map<String, String> ebbCluster) {
    Config overrides = ConfigFactory.parseMap(ebbCluster).atPath("ebb.cluster");
    return overrides.withFallback(ConfigFactory.load());
  }

  @Test
  void seedModeTurnsHostPortsIntoPekkoAddresses() {
    Config c = config(Map.of("discovery", "seed", "seed-nodes", " 127.0.0.1:25521, 10.0.0.2:25522 ,"));
    ClusterFormation formation = ClusterFormation.fromConfig(c);
    assertThat(formation.discovery()).isEqualTo(ClusterFormation.Discovery.SEED);
    assertThat(formation.configure(c).getStringList("pekko.cluster.seed-nodes"))
        .containsExactly("pekko://ebb@127.0.0.1:25521", "pekko://ebb@10.0.0.2:25522");
  }

  @Test
  void noSeedNodesMeansAClusterOfItsOwn() {
    Config c = config(Map.of("discovery", "seed", "seed-nodes", ""));
    assertThat(ClusterFormation.fromConfig(c).configure(c).getStringList("pekko.cluster.seed-nodes")).isEmpty();
  }

  @Test
  void configModeListsTheBootstrapEndpointsUnderTheServiceName() {
    Config c = config(Map.of("discovery", "CONFIG", "bootstrap-endpoints", "ebb1:7626,ebb2"));
    Config node = ClusterFormation.fromConfig(c).configure(c);
    assertThat(node.getString("pekko.discovery.method")).isEqualTo("config");
    var endpoints = node.getConfigList("pekko.discovery.config.services.ebb.endpoints");
    assertThat(endpoints).hasSize(2);
    assertThat(endpoints.get(0).getString("host")).isEqualTo("ebb1");
    assertThat(endpoints.get(1).getInt("port")).isEqualTo(node.getInt("pekko.management.http.port"));
    assertThat(node.getStringList("pekko.cluster.seed-nodes")).isEmpty();
    // Endpoints with other ports than this node's are kept (several nodes on one host).
    assertThat(node.getBoolean("pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port")).isFalse();
  }

  @Test
  void badSettingsAreRefusedWithTheVariableToFix() {
    assertThatThrownBy(() -> ClusterFormation.fromConfig(config(Map.of("discovery", "dns"))))
        .hasMessageContaining("EBB_DISCOVERY");
    Config c = config(Map.of("discovery", "config", "bootstrap-endpoints", ""));
    assertThatThrownBy(() -> ClusterFormation.fromConfig(c).configure(c))
        .hasMessageContaining("EBB_BOOTSTRAP_ENDPOINTS");
    Config seed = config(Map.of("discovery", "seed", "seed-nodes", "localhost"));
    assertThatThrownBy(() -> ClusterFormation.fromConfig(seed).configure(seed)).hasMessageContaining("host:port");
  }
}
