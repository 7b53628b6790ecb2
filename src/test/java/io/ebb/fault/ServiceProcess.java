package io.ebb.fault;

import io.ebb.testing.TestCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The real service, {@code java -jar target/ebb.jar serve}, as a separate process on a data folder and ports of
 * its own (HTTP, remoting, the embedded node's CQL and storage ports), which stay the same across restarts: a
 * restart is the plain command again. Its output is appended to {@code service.log} in the data folder.
 */
final class ServiceProcess {

  /** The service's heap: the embedding model and a small catalog need little. */
  private static final String HEAP = "-Xmx768m";

  record Ports(int http, int remote, int cql, int storage) {
    static Ports free() {
      int[] p = TestCassandra.freePorts(4);
      return new Ports(p[0], p[1], p[2], p[3]);
    }
  }

  private final Path jar;
  private final Path dataDir;
  private final Ports ports;
  private final Map<String, String> extraEnv;
  private final LoopbackHttp http = new LoopbackHttp();
  private Process process;
  private int launches;

  ServiceProcess(Path jar, Path dataDir, Ports ports) {
    this(jar, dataDir, ports, Map.of());
  }

  /** With {@code extraEnv} on top (a cluster node's discovery, an external Cassandra's contact points). */
  ServiceProcess(Path jar, Path dataDir, Ports ports, Map<String, String> extraEnv) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.ports = ports;
    this.extraEnv = Map.copyOf(extraEnv);
  }

  /** The jar {@code mvn package} built (failsafe passes its path as {@code ebb.jar}). */
  static Path builtJar() {
    Path jar = Path.of(System.getProperty("ebb.jar", "target/ebb.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run this test with mvn verify, after the package phase");
    }
    return jar;
  }

  /** Launches the service; returns at once (see {@link #awaitReady}). */
  void launch() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the service still runs (pid " + process.pid() + ")");
    }
    launches++;
    var builder = new ProcessBuilder(javaBinary(), HEAP, "-jar", jar.toString(), "serve",
        "--data-dir", dataDir.toString(), "--port", String.valueOf(ports.http()))
        .directory(dataDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("EBB_") || List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS").contains(key));
    env.put("EBB_HTTP_HOST", "127.0.0.1");
    env.put("EBB_REMOTE_PORT", String.valueOf(ports.remote()));
    env.put("EBB_CASSANDRA_CQL_PORT", String.valueOf(ports.cql()));
    env.put("EBB_CASSANDRA_STORAGE_PORT", String.valueOf(ports.storage()));
    env.putAll(extraEnv);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch " + jar, e);
    }
  }

  /** Polls {@code /health/ready} until it answers 200; fails with the end of the service's log past the deadline. */
  Duration awaitReady(Duration timeout) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    while (ready() != 200) {
      if (!process.isAlive()) {
        throw new AssertionError("the service exited with code %d before it was ready; %s"
            .formatted(process.exitValue(), logTail()));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the service was not ready within %s; %s".formatted(timeout, logTail()));
      }
      Thread.sleep(250);
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** The status of {@code GET /health/ready}, or -1 when nothing answers. */
  int ready() {
    return http.send(HttpRequest.newBuilder(URI.create(base() + "/health/ready")).timeout(Duration.ofSeconds(5))
        .GET().build()).status();
  }

  /** The user entities in memory on this node ({@code ebb_entities_active} of {@code /metrics}), or -1. */
  int activeEntities() {
    LoopbackHttp.Answer metrics = http.send(HttpRequest.newBuilder(URI.create(base() + "/metrics"))
        .timeout(Duration.ofSeconds(5)).GET().build());
    if (metrics.status() != 200) {
      return -1;
    }
    return metrics.body().lines().filter(line -> line.startsWith("ebb_entities_active"))
        .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
        .orElse(-1);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or handed over. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the service (pid " + process.pid() + ") survived SIGKILL for 30 s");
    }
  }

  /** SIGTERM, as an operator stops it: the service stops, then its Cassandra node. */
  int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the service did not stop within " + timeout + "; " + logTail());
    }
    return process.exitValue();
  }

  /** Kills whatever of this service still runs (after a failure): the service, then its node. */
  void killAll() {
    if (process != null) {
      process.destroyForcibly();
    }
    cassandraPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The embedded node's pid, from the pid file the service keeps in the node's folder. */
  OptionalLong cassandraPid() {
    Path file = dataDir.resolve("cassandra").resolve("cassandra.pid");
    try {
      return Files.isRegularFile(file) ? OptionalLong.of(Long.parseLong(Files.readString(file).strip()))
          : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  String base() {
    return "http://127.0.0.1:" + ports.http();
  }

  int launches() {
    return launches;
  }

  int cqlPort() {
    return ports.cql();
  }

  int remotePort() {
    return ports.remote();
  }

  Path log() {
    return dataDir.resolve("service.log");
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return "last lines of " + log() + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
          lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
