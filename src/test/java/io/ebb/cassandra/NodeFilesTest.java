package io.ebb.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's rendered configuration, without starting a node. */
class NodeFilesTest {

  private final CassandraNodeConfig config =
      CassandraNodeConfig.defaults(Path.of("/var/lib/ebb data/cassandra")).withPorts(19042, 17000);

  @Test
  void theYamlGetsPortsAndQuotedPathsAndNoPlaceholderIsLeft() {
    String yaml = EmbeddedCassandra.renderYaml(config);

    assertThat(yaml).doesNotContainPattern("\\$\\{[a-z_]+}")
        .contains("native_transport_port: 19042", "storage_port: 17000", "listen_address: 127.0.0.1",
            "- seeds: \"127.0.0.1:17000\"", "cluster_name: \"ebb\"",
            "- \"/var/lib/ebb data/cassandra/data\"", "commitlog_directory: \"/var/lib/ebb data/cassandra/commitlog\"",
            "cdc_raw_directory: \"/var/lib/ebb data/cassandra/cdc_raw\"");
  }

  @Test
  void jvmFlagsComeOnePerArgumentWithoutComments() {
    var options = EmbeddedCassandra.jvmOptions("""
        # G1
        -XX:+UseG1GC
          --add-opens java.base/java.lang=ALL-UNNAMED
        """);

    assertThat(options).containsExactly("-XX:+UseG1GC", "--add-opens", "java.base/java.lang=ALL-UNNAMED");
  }

  @Test
  void theShippedFlagsOpenTheJdkToCassandra() {
    var options = EmbeddedCassandra.jvmOptions(
        new String(readResource("/cluster-config/cassandra/jvm-server.options"), StandardCharsets.UTF_8));

    assertThat(options).contains("-XX:+UseG1GC", "-Djdk.attach.allowAttachSelf=true", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(options).noneMatch(option -> option.startsWith("-Xlog:gc") || option.startsWith("-Xmx"));
  }

  @Test
  void anEndpointFileLeftByADeadNodeIsIgnored(@TempDir Path dataDir) throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Files.writeString(dataDir.resolve("endpoint.properties"),
        "host=127.0.0.1\ncqlPort=9042\npid=" + finished.pid() + "\n");

    assertThat(EmbeddedCassandra.runningEndpoint(dataDir)).isEmpty();
  }

  @Test
  void noEndpointFileMeansNoNode(@TempDir Path dataDir) {
    assertThat(EmbeddedCassandra.runningEndpoint(dataDir)).isEmpty();
  }

  @Test
  void configRejectsNonsense() {
    assertThatThrownBy(() -> config.withPorts(9042, 9042)).hasMessageContaining("must differ");
    assertThatThrownBy(() -> config.withHeap("lots")).hasMessageContaining("512M");
    assertThatThrownBy(() -> config.withPorts(0, 7000)).hasMessageContaining("cqlPort");
  }

  private static byte[] readResource(String name) {
    try (var in = NodeFilesTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
