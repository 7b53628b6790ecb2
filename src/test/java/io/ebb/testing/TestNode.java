package io.ebb.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.app.EbbNode;
import java.util.List;
import java.util.Map;

/** A whole Ebb node (real HTTP on a free port, real entities) on the shared test Cassandra node. */
public final class TestNode {

  private TestNode() {}

  public static Config config(Map<String, Object> overrides) {
    Config config =
        ConfigFactory.load()
            .withValue("ebb.http.host", ConfigValueFactory.fromAnyRef("127.0.0.1"))
            .withValue("ebb.http.port", ConfigValueFactory.fromAnyRef(0))
            .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(0))
            .withValue(
                "datastax-java-driver.basic.contact-points",
                ConfigValueFactory.fromIterable(List.of(TestCassandra.get().contactPoint())));
    for (Map.Entry<String, Object> e : overrides.entrySet()) {
      config = config.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return config;
  }

  public static EbbNode start() throws Exception {
    return start(Map.of());
  }

  public static EbbNode start(Map<String, Object> overrides) throws Exception {
    return EbbNode.start(config(overrides));
  }
}
