package io.ebb.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * One real Cassandra 5.0 node in a child JVM, for development, tests and single-machine installs: no Docker, no
 * separate download beyond the jars {@link CassandraJars} puts in the local Maven repository.
 *
 * <p>{@link #start} returns only once a CQL session has actually connected, and never hangs: a port already
 * taken fails before anything is launched, and a node that dies or stays silent past the timeout is killed and
 * reported with the end of its log. All state lives under {@link CassandraNodeConfig#dataDir()}, so the next start
 * on the same folder finds the same data. While the node runs, {@code endpoint.properties} in that folder tells
 * command-line tools where it listens ({@link #runningEndpoint}).
 *
 * <p>The node never outlives this JVM by more than {@link #WATCHDOG_GRACE} and a few seconds: its main class is
 * {@link NodeWatchdog}, which stops it when this process is gone, even after a SIGKILL that ran no shutdown hook.
 * Normally the owner closes it (the service from its coordinated shutdown, after Pekko has flushed its journal
 * writes). While the node runs, {@code cassandra.pid} in its folder holds its pid.
 *
 * <p>A start never adopts a node it finds on the same data: it refuses while that node's owner lives, and stops a
 * node whose owner is gone before starting its own ({@link OrphanNode}). Adopting would need a liveness link a new
 * owner can take over, and an orphan that nobody restarts would then run on with no one to stop it; stopping one
 * costs a drain and a start (~20–30 s) and keeps the rule simple: no node without its owner.
 */
public final class EmbeddedCassandra implements AutoCloseable {

  /** A clean drain takes 6–7 s on 2 busy cores; past this the node is killed. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  static final int LOG_TAIL_LINES = 40;
  static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
  static final String ENDPOINT_FILE = "endpoint.properties";
  static final String PID_FILE = "cassandra.pid";
  /**
   * How long the watchdog lets an orphaned node drain before it halts it. With the second it may take to notice,
   * the node is gone within 30 s of its owner.
   */
  static final Duration WATCHDOG_GRACE = Duration.ofSeconds(25);

  private static final String CONFIG_RESOURCES = "/cluster-config/cassandra/";
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

  private final CassandraNodeConfig config;
  private final Process process;
  private final ProgressListener progress;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedCassandra(CassandraNodeConfig config, Process process, ProgressListener progress) {
    this.config = config;
    this.process = process;
    this.progress = progress;
  }

  /**
   * Starts a node and waits until it answers CQL, at most {@link CassandraNodeConfig#startTimeout()}.
   *
   * @param jars Cassandra's runtime classpath, as {@link CassandraJars#resolve} returns it
   * @throws CassandraStartException when a port is taken, another node already runs on the same data, or the
   *     node does not come up in time (the message then carries the end of its log)
   */
  public static EmbeddedCassandra start(CassandraNodeConfig config, List<Path> jars, ProgressListener progress) {
    OrphanNode.clear(config, progress);
    requireFreePort(config.host(), config.cqlPort(), "",
        "set EBB_CASSANDRA_CQL_PORT (or EBB_CASSANDRA_CONTACT_POINTS to use a running cluster)");
    requireFreePort(config.host(), config.storagePort(), " (Cassandra's inter-node storage port)",
        "set EBB_CASSANDRA_STORAGE_PORT");
    warnOnUnsupportedJava(progress);

    Path argFile = prepare(config, jars);
    long started = System.nanoTime();
    Process process = launch(config, argFile);
    progress.message("starting Cassandra %s (pid %d) on %s:%d, data in %s".formatted(
        CassandraJars.CASSANDRA_VERSION, process.pid(), config.host(), config.cqlPort(), config.dataDir()));

    var node = new EmbeddedCassandra(config, process, progress);
    try {
      node.writePidFile();
      node.awaitCql(started, config.startTimeout());
      node.writeEndpointFile();
    } catch (RuntimeException | Error e) {
      node.kill();
      throw e;
    }
    progress.message("Cassandra ready on %s:%d after %s".formatted(config.host(), config.cqlPort(),
        seconds(started)));
    return node;
  }

  public InetSocketAddress cqlAddress() {
    return new InetSocketAddress(config.host(), config.cqlPort());
  }

  public long pid() {
    return process.pid();
  }

  public CassandraNodeConfig config() {
    return config;
  }

  public boolean isRunning() {
    return !closed.get() && process.isAlive();
  }

  /** Completes when the node's process has exited, whether it was stopped or died. */
  public CompletableFuture<EmbeddedCassandra> onExit() {
    return process.onExit().thenApply(p -> this);
  }

  /** The exit code once the process has ended. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** Whether {@link #close} (or a failed start) stopped the node, as opposed to it dying by itself. */
  public boolean wasStopped() {
    return closed.get();
  }

  /**
   * The CQL address of a node started by another process on {@code dataDir}: present only if its endpoint file
   * exists, that process is alive and the port accepts a TCP connection. For command-line tools run beside a
   * service.
   */
  public static Optional<InetSocketAddress> runningEndpoint(Path dataDir) {
    return readEndpoint(dataDir.toAbsolutePath().resolve(ENDPOINT_FILE))
        .filter(endpoint -> isCassandraProcess(endpoint.pid()))
        .map(Endpoint::address)
        .filter(address -> acceptsConnection(address, Duration.ofSeconds(1)));
  }

  /** Stops the node: SIGTERM (Cassandra drains), up to 60 s, then SIGKILL. Safe to call more than once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    progress.message("stopping Cassandra (pid %d)".formatted(process.pid()));
    process.destroy();
    if (!waitForExit(STOP_TIMEOUT)) {
      progress.message("Cassandra did not stop within %d s: killing it".formatted(STOP_TIMEOUT.toSeconds()));
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(10));
    }
    deleteNodeFiles();
    progress.message("Cassandra stopped in %s (exit code %s)".formatted(seconds(started),
        process.isAlive() ? "none: still running" : String.valueOf(process.exitValue())));
  }

  // ---- before launch ----------------------------------------------------------------------------------------

  private static void requireFreePort(String host, int port, String what, String remedy) {
    // Binding (not connecting) tells "in use" without sending bytes that a CQL server would log as garbage.
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      if (String.valueOf(e.getMessage()).contains("in use")) {
        throw new CassandraStartException("port %d on %s%s is already in use: stop what holds it or %s"
            .formatted(port, host, what, remedy));
      }
      throw new CassandraStartException("cannot listen on %s:%d%s (%s): check the host, or %s"
          .formatted(host, port, what, e.getMessage(), remedy));
    } catch (IOException e) {
      throw new CassandraStartException("cannot listen on %s:%d%s: %s".formatted(host, port, what, e.getMessage()),
          e);
    }
  }

  private static void warnOnUnsupportedJava(ProgressListener progress) {
    int feature = Runtime.version().feature();
    if (feature != 11 && feature != 17) {
      progress.message("Cassandra %s supports Java 11 and 17; this is Java %d, it may refuse to start"
          .formatted(CassandraJars.CASSANDRA_VERSION, feature));
    }
  }

  /** Creates the folders, renders {@code conf/} and returns the JVM argument file. */
  private static Path prepare(CassandraNodeConfig config, List<Path> jars) {
    Path jamm = findJar(jars, "jamm-");
    Path cassandraAll = findJar(jars, "cassandra-all-");
    Path dataDir = config.dataDir();
    try {
      for (String dir : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs", "conf/triggers")) {
        Files.createDirectories(dataDir.resolve(dir));
      }
      Path conf = config.confDir();
      Path yaml = conf.resolve("cassandra.yaml");
      Files.writeString(yaml, renderYaml(config));
      Path logback = conf.resolve("logback.xml");
      Files.writeString(logback, resource("logback.xml"));
      Optional<Path> hotspotCompiler = extractHotspotCompiler(cassandraAll, conf);

      List<String> args = new ArrayList<>(jvmOptions(resource("jvm-server.options")));
      args.add("-Xms" + config.heap());
      args.add("-Xmx" + config.heap());
      args.add("-javaagent:" + jamm);
      args.add("-XX:HeapDumpPath=" + config.logDir());
      hotspotCompiler.ifPresent(file -> {
        args.add("-XX:CompileCommand=quiet"); // else the JVM prints every entry of the file at start
        args.add("-XX:CompileCommandFile=" + file);
      });
      args.add("-Dcassandra.config=" + yaml.toUri());
      args.add("-Dcassandra-foreground=yes");
      args.add("-Dcassandra.storagedir=" + dataDir);
      args.add("-Dcassandra.logdir=" + config.logDir());
      args.add("-Dcassandra.triggers_dir=" + conf.resolve("triggers")); // else a warning at every schema change
      args.add("-Dlogback.configurationFile=" + logback);
      args.add("-Djava.net.preferIPv4Stack=true");
      args.add("-cp");
      Path watchdog = WatchdogJar.write(conf);
      args.add(Stream.concat(Stream.of(watchdog), jars.stream())
          .map(Path::toString).collect(Collectors.joining(File.pathSeparator)));

      Path argFile = conf.resolve("jvm.args");
      Files.writeString(argFile, args.stream().map(EmbeddedCassandra::argFileQuote)
          .collect(Collectors.joining("\n", "", "\n")));
      return argFile;
    } catch (IOException e) {
      throw new CassandraStartException("cannot prepare " + dataDir + " for Cassandra: " + e.getMessage(), e);
    }
  }

  static String renderYaml(CassandraNodeConfig config) {
    Path dataDir = config.dataDir();
    Map<String, String> values = Map.of(
        "cluster_name", yamlString(config.clusterName()),
        "data_dir", yamlString(dataDir.resolve("data").toString()),
        "commitlog_dir", yamlString(dataDir.resolve("commitlog").toString()),
        "saved_caches_dir", yamlString(dataDir.resolve("saved_caches").toString()),
        "hints_dir", yamlString(dataDir.resolve("hints").toString()),
        "cdc_raw_dir", yamlString(dataDir.resolve("cdc_raw").toString()),
        "host", config.host(),
        "cql_port", String.valueOf(config.cqlPort()),
        "storage_port", String.valueOf(config.storagePort()));
    Matcher m = PLACEHOLDER.matcher(resource("cassandra.yaml"));
    var out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("cassandra.yaml template has an unknown placeholder " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The options file minus comments, split into arguments ("--add-opens x=y" is two). */
  static List<String> jvmOptions(String optionsFile) {
    return optionsFile.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .flatMap(line -> Arrays.stream(line.split("\\s+")))
        .toList();
  }

  /** Cassandra's launch script points the JIT at this file inside the jar: a few methods it must not inline. */
  private static Optional<Path> extractHotspotCompiler(Path cassandraAll, Path conf) throws IOException {
    try (var zip = new ZipFile(cassandraAll.toFile())) {
      var entry = zip.getEntry("META-INF/hotspot_compiler");
      if (entry == null) {
        return Optional.empty();
      }
      Path target = conf.resolve("hotspot_compiler");
      try (InputStream in = zip.getInputStream(entry)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return Optional.of(target);
    }
  }

  private static Path findJar(List<Path> jars, String prefix) {
    return jars.stream()
        .filter(jar -> jar.getFileName().toString().startsWith(prefix) && jar.toString().endsWith(".jar"))
        .findFirst()
        .orElseThrow(() -> new CassandraStartException("Cassandra's classpath has no " + prefix + "*.jar: pass "
            + "the jars CassandraJars.resolve returns"));
  }

  private static Process launch(CassandraNodeConfig config, Path argFile) {
    // MAIN_CLASS stays on the command line (the watchdog's argument): that is how a pid is told to be a node.
    var builder = new ProcessBuilder(javaBinary(), "@" + argFile, NodeWatchdog.class.getName(),
        String.valueOf(ProcessHandle.current().pid()), String.valueOf(WATCHDOG_GRACE.toSeconds()), MAIN_CLASS)
        .directory(config.dataDir().toFile())
        .redirectErrorStream(true)
        // Appended: the last words of a previous node (the watchdog's, a JVM crash) stay readable after a restart.
        .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logDir().resolve("stdout.log").toFile()));
    // The node's flags are ours alone: options meant for this JVM (an agent, a debug port) must not reach it.
    builder.environment().keySet().removeAll(List.of("CLASSPATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS"));
    try {
      // The node's stdin stays open, unwritten, for as long as this JVM lives: its end is the watchdog's signal.
      return builder.start();
    } catch (IOException e) {
      throw new CassandraStartException("cannot launch " + javaBinary() + " for Cassandra: " + e.getMessage(), e);
    }
  }

  /** The java binary running this process, so the node gets the same JDK (Cassandra 5.0 wants 11 or 17). */
  static String javaBinary() {
    return ProcessHandle.current().info().command()
        .filter(command -> Path.of(command).getFileName().toString().startsWith("java"))
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  // ---- waiting ----------------------------------------------------------------------------------------------

  private void awaitCql(long startedNanos, Duration timeout) {
    long deadline = startedNanos + timeout.toNanos();
    InetSocketAddress address = cqlAddress();
    String lastProblem = "the CQL port never opened";
    while (true) {
      if (!process.isAlive()) {
        throw failure("Cassandra exited with code %d before accepting CQL connections on %s:%d"
            .formatted(process.exitValue(), config.host(), config.cqlPort()), true);
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure("Cassandra did not accept CQL connections on %s:%d within %d s (%s)"
            .formatted(config.host(), config.cqlPort(), timeout.toSeconds(), lastProblem), false);
      }
      if (acceptsConnection(address, Duration.ofMillis(500))) {
        try (CqlSession session = CqlSessions.probe(address)) {
          session.execute("SELECT release_version FROM system.local");
          return;
        } catch (RuntimeException e) {
          lastProblem = "last attempt: " + e.getMessage();
        }
      }
      try {
        Thread.sleep(PROBE_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CassandraStartException("interrupted while waiting for Cassandra to start", e);
      }
    }
  }

  /**
   * A node that exited explains itself on stdout (JVM errors land nowhere else); one that hangs is best read in
   * system.log, which shows where it got to.
   */
  private CassandraStartException failure(String what, boolean exited) {
    Path stdout = config.logDir().resolve("stdout.log");
    Path systemLog = config.logDir().resolve("system.log");
    Path shown = exited ? stdout : systemLog;
    List<String> tail = tail(shown, LOG_TAIL_LINES);
    if (tail.isEmpty()) {
      shown = exited ? systemLog : stdout;
      tail = tail(shown, LOG_TAIL_LINES);
    }
    String log = tail.isEmpty() ? "(its log is empty)"
        : "last %d lines of %s:%n%s".formatted(tail.size(), shown, String.join(System.lineSeparator(), tail));
    return new CassandraStartException(what + "; logs in " + config.logDir() + System.lineSeparator() + log);
  }

  static List<String> tail(Path file, int lines) {
    try {
      if (!Files.isRegularFile(file)) {
        return List.of();
      }
      List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }

  // ---- stopping ---------------------------------------------------------------------------------------------

  private void kill() {
    closed.set(true);
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
    deleteNodeFiles();
  }

  /** Waits even if interrupted (a half-stopped node is worse than a late return); the interrupt is kept. */
  private boolean waitForExit(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- endpoint file ----------------------------------------------------------------------------------------

  record Endpoint(String host, int cqlPort, long pid) {
    InetSocketAddress address() {
      return new InetSocketAddress(host, cqlPort);
    }
  }

  private void writeEndpointFile() {
    var properties = new Properties();
    properties.setProperty("host", config.host());
    properties.setProperty("cqlPort", String.valueOf(config.cqlPort()));
    properties.setProperty("pid", String.valueOf(process.pid()));
    properties.setProperty("startedAt", Instant.now().toString());
    Path file = config.endpointFile();
    Path temp = file.resolveSibling(ENDPOINT_FILE + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        properties.store(out, "Ebb's embedded Cassandra node; deleted when it stops");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CassandraStartException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Written as soon as the node is launched, so that a node killed while starting is found too. */
  private void writePidFile() {
    Path file = config.pidFile();
    Path temp = file.resolveSibling(PID_FILE + ".tmp");
    try {
      Files.writeString(temp, process.pid() + System.lineSeparator());
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CassandraStartException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void deleteNodeFiles() {
    for (Path file : List.of(config.endpointFile(), config.pidFile())) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        progress.message("cannot delete " + file + ": " + e.getMessage());
      }
    }
  }

  static Optional<Endpoint> readEndpoint(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    var properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
      return Optional.of(new Endpoint(properties.getProperty("host", CassandraNodeConfig.DEFAULT_HOST),
          Integer.parseInt(properties.getProperty("cqlPort")), Long.parseLong(properties.getProperty("pid"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // half-written or foreign: treat as absent
    }
  }

  /** Alive and, where the OS tells, running Cassandra: a stale file's pid may since belong to anything. */
  private static boolean isCassandraProcess(long pid) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(handle -> handle.info().commandLine().map(line -> line.contains(MAIN_CLASS)).orElse(true))
        .orElse(false);
  }

  private static boolean acceptsConnection(InetSocketAddress address, Duration timeout) {
    try (var socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // ---- small helpers ----------------------------------------------------------------------------------------

  private static String resource(String name) {
    try (InputStream in = EmbeddedCassandra.class.getResourceAsStream(CONFIG_RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + CONFIG_RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A double-quoted YAML scalar, so any path or name survives. */
  private static String yamlString(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Java @argfiles split on whitespace and treat backslash as an escape inside quotes. */
  private static String argFileQuote(String arg) {
    if (arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\' || c == '#')) {
      return arg;
    }
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String seconds(long startedNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
  }
}
