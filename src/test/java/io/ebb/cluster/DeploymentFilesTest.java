package io.ebb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ebb.auth.AuthSettings;
import io.ebb.auth.Endpoints;
import io.ebb.auth.KeysFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Kubernetes manifests, checked without Docker or Kubernetes: the services and ports
 * are those the nodes listen on, every {@code EBB_*} variable they set is one the service reads, and the node
 * config they produce resolves to a cluster formed by bootstrap.
 */
class DeploymentFilesTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{\\?(EBB_[A-Z0-9_]+)}");
  private static final ObjectMapper YAML = new YAMLMapper();

  /** Every {@code ${?EBB_*}} that reference.conf and the include files read. */
  private static Set<String> envVariablesRead() throws IOException {
    Set<String> names = new TreeSet<>();
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("src/main/resources/reference.conf")));
    try (Stream<Path> conf = Files.list(ROOT.resolve("cluster-config"))) {
      conf.filter(p -> p.toString().endsWith(".conf")).forEach(files::add);
    }
    for (Path file : files) {
      Matcher m = ENV_REFERENCE.matcher(Files.readString(file));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static JsonNode compose() throws IOException {
    return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  @Test
  void composeRunsCassandraAndThreeEbbNodesFormingOneCluster() throws IOException {
    JsonNode services = compose().path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).contains("cassandra", "ebb1", "ebb2", "ebb3");

    List<String> endpoints = new ArrayList<>();
    Set<String> hostPorts = new TreeSet<>();
    for (String node : List.of("ebb1", "ebb2", "ebb3")) {
      JsonNode service = services.path(node);
      Map<String, String> env = environment(service);
      assertThat(env).containsEntry("EBB_DISCOVERY", "config");
      assertThat(env.get("EBB_CASSANDRA_CONTACT_POINTS")).startsWith("cassandra:");
      // Other nodes reach this one by its service name, on the ports it listens on.
      assertThat(env).containsEntry("EBB_REMOTE_HOST", node).containsEntry("EBB_MANAGEMENT_HOST", node);
      endpoints.add(env.get("EBB_BOOTSTRAP_ENDPOINTS"));
      String http = env.get("EBB_HTTP_PORT");
      service.path("ports").forEach(p -> {
        String[] mapping = p.asText().split(":");
        hostPorts.add(mapping[0]);
        assertThat(mapping[1]).as("container port of %s", node).isEqualTo(http);
      });
      assertThat(service.path("healthcheck").path("test").toString()).contains("/health/ready", ":" + http + "/");
      assertThat(service.path("depends_on").has("cassandra-schema")).isTrue();
      assertThat(service.path("build").path("dockerfile").asText()).isEqualTo("cluster-config/Dockerfile");

      // What the node makes of this environment: config discovery over the three management endpoints.
      Config config = ClusterFormation.fromConfig(nodeConfig(env)).configure(nodeConfig(env));
      assertThat(config.getString("pekko.discovery.method")).isEqualTo("config");
      List<? extends Config> discovered = config.getConfigList("pekko.discovery.config.services.ebb.endpoints");
      assertThat(discovered).hasSize(3);
      int managementPort = Integer.parseInt(env.get("EBB_MANAGEMENT_PORT"));
      assertThat(discovered).allMatch(e -> e.getInt("port") == managementPort);
      assertThat(discovered.stream().map(e -> e.getString("host")).toList()).containsExactly("ebb1", "ebb2", "ebb3");
      assertThat(config.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"))
          .isEqualTo(3);
      assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo(node);
    }
    assertThat(endpoints).as("the same contact points on every node").containsOnly(endpoints.get(0));
    assertThat(hostPorts).containsExactly("8081", "8082", "8083");

    String schema = services.path("cassandra-schema").path("entrypoint").toString();
    assertThat(schema).contains("keyspace-local.cql", "tables.cql");
    assertThat(ROOT.resolve("cluster-config/keyspace-local.cql")).exists();
    assertThat(ROOT.resolve("cluster-config/Dockerfile")).exists();
  }

  @Test
  void everyEbbVariableInComposeAndKubernetesIsReadByTheService() throws IOException {
    Set<String> read = envVariablesRead();
    assertThat(read).contains("EBB_DISCOVERY", "EBB_SEED_NODES", "EBB_BOOTSTRAP_ENDPOINTS", "EBB_REMOTE_HOST");

    Set<String> used = new TreeSet<>();
    compose().path("services").forEach(service -> environment(service).keySet().stream()
        .filter(name -> name.startsWith("EBB_")).forEach(used::add));
    for (JsonNode doc : kubernetes()) {
      doc.findValues("env").forEach(list -> list.forEach(e -> {
        String name = e.path("name").asText();
        if (name.startsWith("EBB_")) {
          used.add(name);
        }
      }));
    }
    assertThat(used).isNotEmpty();
    assertThat(read).as("EBB_* variables read by reference.conf and cluster-config/*.conf").containsAll(used);
    // The Dockerfile's own defaults too.
    String dockerfile = Files.readString(ROOT.resolve("cluster-config/Dockerfile"));
    Matcher m = Pattern.compile("(EBB_[A-Z0-9_]+)=").matcher(dockerfile);
    while (m.find()) {
      assertThat(read).contains(m.group(1));
    }
  }

  @Test
  void kubernetesRunsThreePodsFoundThroughTheApiWithProbesOnTheHealthEndpoints() throws IOException {
    Map<String, JsonNode> byKind = new HashMap<>();
    List<JsonNode> roles = new ArrayList<>();
    for (JsonNode doc : kubernetes()) {
      byKind.put(doc.path("kind").asText(), doc);
      if (doc.path("kind").asText().equals("Role")) {
        roles.add(doc);
      }
    }
    assertThat(byKind).containsKeys("Deployment", "Service", "ServiceAccount", "Role", "RoleBinding");

    JsonNode deployment = byKind.get("Deployment");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
    JsonNode pod = deployment.path("spec").path("template");
    String app = pod.path("metadata").path("labels").path("app").asText();
    assertThat(pod.path("spec").path("serviceAccountName").asText())
        .isEqualTo(byKind.get("ServiceAccount").path("metadata").path("name").asText());
    JsonNode container = pod.path("spec").path("containers").get(0);

    Map<String, JsonNode> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    assertThat(env.get("EBB_DISCOVERY").path("value").asText()).isEqualTo("kubernetes");
    assertThat(env.get("EBB_SERVICE_NAME").path("value").asText()).isEqualTo(app);
    assertThat(env.get("EBB_REMOTE_HOST").path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("status.podIP");

    Map<String, Integer> ports = new HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    Config defaults = ConfigFactory.load();
    assertThat(ports).containsEntry("http", defaults.getInt("ebb.http.port"))
        .containsEntry("remoting", defaults.getInt("pekko.remote.artery.canonical.port"))
        .containsEntry("management", defaults.getInt("pekko.management.http.port"));
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/alive");

    // The pods may list pods (what kubernetes-api discovery does), and what the label selector finds is this app.
    assertThat(roles.get(0).path("rules").get(0).path("resources").toString()).contains("pods");
    assertThat(roles.get(0).path("rules").get(0).path("verbs").toString()).contains("list");
    assertThat(defaults.getString("pekko.discovery.kubernetes-api.pod-label-selector").formatted(app))
        .isEqualTo("app=" + app);
    assertThat(byKind.get("Service").path("spec").path("selector").path("app").asText()).isEqualTo(app);

    Config k8s = nodeConfig(Map.of("EBB_DISCOVERY", "kubernetes"));
    assertThat(ClusterFormation.fromConfig(k8s).configure(k8s).getString("pekko.discovery.method"))
        .isEqualTo("kubernetes-api");
  }

  @Test
  void composeAndKubernetesTurnAccessOnWithTheKeysFileFromASecret() throws IOException {
    JsonNode compose = compose();
    Path keys = ROOT.resolve(compose.path("secrets").path("api-keys").path("file").asText());
    assertThat(keys).exists();
    assertThatCode(() -> KeysFile.read(keys)).as("a valid keys file").doesNotThrowAnyException();
    for (String node : List.of("ebb1", "ebb2", "ebb3")) {
      JsonNode service = compose.path("services").path(node);
      // Short syntax: the secret is mounted at /run/secrets/<name>.
      assertThat(service.path("secrets").toString()).as("secrets of %s", node).contains("\"api-keys\"");
      Map<String, String> env = environment(service);
      assertThat(AuthSettings.fromConfig(nodeConfig(env).getConfig("ebb")).keysFile())
          .contains(Path.of("/run/secrets/api-keys"));
      String health = service.path("healthcheck").path("test").toString().replaceAll(".*:8080(/[a-z/]+).*", "$1");
      assertThat(Endpoints.needed("GET", segments(health))).as("the health check %s needs no key", health).isEmpty();
    }

    JsonNode pod = kubernetes().stream()
        .filter(doc -> doc.path("kind").asText().equals("Deployment"))
        .findFirst()
        .orElseThrow()
        .path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    Optional<Path> file = AuthSettings.fromConfig(nodeConfig(env).getConfig("ebb")).keysFile();
    assertThat(file).isPresent();
    JsonNode mount = null;
    for (JsonNode m : container.path("volumeMounts")) {
      if (Path.of(m.path("mountPath").asText()).equals(file.get().getParent())) {
        mount = m;
      }
    }
    assertThat(mount).as("a volume mounted at the keys file's folder").isNotNull();
    // A subPath mount would never see the Secret change.
    assertThat(mount.has("subPath")).isFalse();
    String volume = mount.path("name").asText();
    List<String> secrets = new ArrayList<>();
    pod.path("volumes").forEach(v -> {
      if (v.path("name").asText().equals(volume)) {
        secrets.add(v.path("secret").path("secretName").asText());
      }
    });
    assertThat(secrets).hasSize(1).allMatch(name -> !name.isEmpty());
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      String path = container.path(probe).path("httpGet").path("path").asText();
      assertThat(Endpoints.needed("GET", segments(path))).as("the %s on %s needs no key", probe, path).isEmpty();
    }
  }

  private static List<String> segments(String path) {
    return Stream.of(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  /** Every document of every manifest under cluster-config/kubernetes/. */
  private static List<JsonNode> kubernetes() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("cluster-config/kubernetes"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
          YAML.readValues(parser, ObjectNode.class).forEachRemaining(docs::add);
        }
      }
    }
    assertThat(docs).isNotEmpty();
    return docs;
  }

  /** The node's config as ConfigFactory.load() would build it with {@code env} as the whole environment. */
  private static Config nodeConfig(Map<String, String> env) {
    Config app = ConfigFactory.parseResources("application.conf");
    Config reference = ConfigFactory.parseResources("reference.conf");
    // ${?EBB_X} finds EBB_X at the root of the config before it looks at the real environment.
    return ConfigFactory.parseMap(env).withFallback(app).withFallback(reference).resolve();
  }
}
