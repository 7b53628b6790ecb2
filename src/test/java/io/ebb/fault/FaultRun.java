package io.ebb.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ebb.cassandra.CqlSessions;
import io.ebb.testing.TestCassandra;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One service on a fresh data folder under ingestion, the faults done to it, and the checks after them: every
 * acknowledged event is in the journal (re-sending it answers {@code duplicate}) and none was applied twice (each
 * user's {@code eventCount} is the number of its distinct events). Figures of each fault go to {@link FaultFigures}.
 */
final class FaultRun implements AutoCloseable {

  /** The bound on an orphaned node's life (the watchdog's grace period and the second it takes to notice). */
  static final Duration NODE_OUTLIVES_AT_MOST = Duration.ofSeconds(30);
  static final Duration WRITE_ANSWERED_WITHIN = Duration.ofSeconds(10);
  static final Duration READY_AGAIN_WITHIN = Duration.ofMinutes(3);
  /** A first start resolves Cassandra's jars, creates the schema and loads the embedding model. */
  private static final Duration FIRST_START = Duration.ofMinutes(5);
  private static final int CLIENTS = 6;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("e-[0-9a-f]{8}-\\d+-\\d+");

  private final Path dataDir;
  private final ServiceProcess service;
  private final EventLoad load;
  private final FaultFigures figures;
  private final LoopbackHttp http = new LoopbackHttp();

  private FaultRun(Path dataDir, ServiceProcess service, EventLoad load, FaultFigures figures) {
    this.dataDir = dataDir;
    this.service = service;
    this.load = load;
    this.figures = figures;
  }

  /** Launches the service, waits until it is ready and starts ingesting. */
  static FaultRun start(String name, FaultFigures figures) throws InterruptedException {
    Path dataDir = TestCassandra.newDataDir("fault-" + name + "-");
    var service = new ServiceProcess(ServiceProcess.builtJar(), dataDir, ServiceProcess.Ports.free());
    String run = UUID.randomUUID().toString().substring(0, 8);
    var started = new FaultRun(dataDir, service, new EventLoad(service.base(), run, CLIENTS), figures);
    try {
      service.launch();
      Duration ready = service.awaitReady(FIRST_START);
      System.out.printf("[fault] %s: service ready after %.1f s (first start)%n", name, ready.toMillis() / 1e3);
      started.load.start();
      return started;
    } catch (InterruptedException | RuntimeException | Error e) {
      started.close();
      throw e;
    }
  }

  /** Returns once the clients have had {@code events} more events acknowledged. */
  void ingest(long events) throws InterruptedException {
    long target = load.acknowledged() + events;
    awaitTrue(Duration.ofMinutes(3), events + " events acknowledged", () -> load.acknowledged() >= target,
        System.nanoTime());
  }

  /**
   * SIGKILL of the service mid-ingest, then a plain restart: at once, or only after the node has gone by itself
   * (proving the watchdog, with no new service to stop it).
   */
  void killService(boolean restartAtOnce) throws InterruptedException {
    long nodePid = service.cassandraPid().orElseThrow(() -> new AssertionError("no cassandra.pid"));
    long killed = System.nanoTime();
    service.kill();
    if (restartAtOnce) {
      service.launch();
    }
    Duration nodeGone = awaitTrue(NODE_OUTLIVES_AT_MOST, "the killed service's Cassandra node (pid %d) to exit"
        .formatted(nodePid), () -> ProcessHandle.of(nodePid).map(p -> !p.isAlive()).orElse(true), killed);
    if (!restartAtOnce) {
      service.launch();
    }
    service.awaitReady(READY_AGAIN_WITHIN);
    Duration ready = since(killed);
    long readyAt = System.nanoTime();
    awaitTrue(Duration.ofMinutes(1), () -> "an event acknowledged after the restart; " + lastFailures(readyAt),
        () -> load.acknowledgedSince(readyAt), readyAt);
    Duration acknowledged = since(killed);
    List<EventLoad.Failure> failures = load.failuresSince(killed);
    assertThat(failures).as("answers to writes while the service was down").allMatch(
        f -> f.status() == -1 || f.status() == 503);
    figures.add(new FaultFigures.Fault(restartAtOnce ? "service SIGKILL, restarted at once"
        : "service SIGKILL, restarted once its node left", nodeGone, null, null, ready, acknowledged,
        failures.size()));
  }

  /** SIGKILL of the embedded Cassandra node under the running service. */
  void killCassandra() throws InterruptedException {
    long nodePid = service.cassandraPid().orElseThrow(() -> new AssertionError("no cassandra.pid"));
    long killed = System.nanoTime();
    ProcessHandle.of(nodePid).orElseThrow().destroyForcibly();
    Duration notReady = awaitTrue(WRITE_ANSWERED_WITHIN, "/health/ready to answer 503",
        () -> service.ready() == 503, killed);
    Duration first503 = awaitTrue(Duration.ofSeconds(20), "a write answered 503",
        () -> load.failuresSince(killed).stream().anyMatch(f -> f.status() == 503), killed);
    Duration ready = awaitTrue(READY_AGAIN_WITHIN, "the service to be ready again",
        () -> service.ready() == 200, killed);
    long readyAt = System.nanoTime();
    awaitTrue(Duration.ofMinutes(1), () -> "an event acknowledged after the node's restart; "
        + lastFailures(readyAt), () -> load.acknowledgedSince(readyAt), readyAt);
    Duration acknowledged = since(killed);
    assertThat(service.isAlive()).as("the service runs on").isTrue();
    assertThat(service.cassandraPid().orElse(-1)).as("the new node's pid").isNotIn(-1L, nodePid);
    List<EventLoad.Failure> failures = load.failuresSince(killed);
    assertThat(failures).as("answers to writes during the outage").allSatisfy(f -> {
      assertThat(f.status()).as("status of %s", f).isEqualTo(503);
      assertThat(f.body()).contains("\"error\":\"unavailable\"");
      assertThat(f.latency()).as("time to answer").isLessThanOrEqualTo(WRITE_ANSWERED_WITHIN);
    });
    figures.add(new FaultFigures.Fault("Cassandra node SIGKILL", null, notReady, first503, ready, acknowledged,
        failures.size()));
  }

  /**
   * Stops the clients (each delivers the event it holds) and checks the journal against what was acknowledged.
   */
  void verifyNothingLost() throws InterruptedException {
    List<String> unresolved = load.stop(Duration.ofMinutes(2));
    assertThat(unresolved).as("events never acknowledged").isEmpty();
    assertThat(load.unexpected()).as("answers other than 202, 503 or a refused connection").isEmpty();
    Map<String, Set<String>> byUser = load.acknowledgedByUser();
    long events = byUser.values().stream().mapToLong(Set::size).sum();
    List<String> miscounted = new ArrayList<>();
    long lost = 0;
    for (Map.Entry<String, Set<String>> user : byUser.entrySet()) {
      JsonNode interests = retry("GET /v1/users/" + user.getKey() + "/interests",
          () -> request(HttpRequest.newBuilder(uri("/v1/users/" + user.getKey() + "/interests")).GET()));
      long count = interests.path("eventCount").asLong(-1);
      if (count != user.getValue().size()) {
        miscounted.add("%s: eventCount %d, %d distinct events acknowledged".formatted(user.getKey(), count,
            user.getValue().size()));
      }
    }
    String journal = journalOf(miscounted, byUser); // before re-sending adds what was missing
    for (Map.Entry<String, Set<String>> user : byUser.entrySet()) {
      String batch = user.getValue().stream().map(id -> EventLoad.eventJson(id, user.getKey()))
          .collect(Collectors.joining(",", "{\"events\":[", "]}"));
      JsonNode resent = retry("re-sending the events of " + user.getKey(), () -> request(
          HttpRequest.newBuilder(uri("/v1/events/batch")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(batch))));
      long accepted = resent.path("accepted").asLong();
      lost += accepted;
      if (accepted > 0) {
        miscounted.add("%s: re-sending its events stored %d of them again".formatted(user.getKey(), accepted));
      }
      assertThat(resent.path("duplicates").asLong() + accepted).isEqualTo(user.getValue().size());
    }
    figures.total(events, byUser.size(), lost);
    assertThat(miscounted).as("users whose events were applied twice or lost; %s", journal).isEmpty();
    assertThat(lost).as("acknowledged events that re-sending stored again (lost before)").isZero();
  }

  /** SIGTERM: the service stops, then its node, and nothing is left running. */
  void stopCleanly() throws InterruptedException {
    long nodePid = service.cassandraPid().orElseThrow(() -> new AssertionError("no cassandra.pid"));
    int exit = service.stop(Duration.ofMinutes(2));
    assertThat(ProcessHandle.of(nodePid).map(ProcessHandle::isAlive)).as("the node after a clean stop")
        .isNotEqualTo(java.util.Optional.of(true));
    System.out.printf("[fault] stopped cleanly (exit code %d)%n", exit);
  }

  @Override
  public void close() {
    try {
      load.close();
    } finally {
      service.killAll();
      TestCassandra.deleteDataDir(dataDir);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private URI uri(String path) {
    return URI.create(service.base() + path);
  }

  private record Answer(int status, JsonNode body) {}

  private Answer request(HttpRequest.Builder request) {
    LoopbackHttp.Answer answer = http.send(request.timeout(Duration.ofSeconds(20)).build());
    try {
      return new Answer(answer.status(), answer.status() < 0 ? null : JSON.readTree(answer.body()));
    } catch (IOException e) {
      return new Answer(-1, null);
    }
  }

  /** Retries while the answer is a 503 or no answer (an entity still recovering); any other status fails. */
  private static JsonNode retry(String what, Supplier<Answer> call) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      Answer answer = call.get();
      if (answer.status() / 100 == 2) {
        return answer.body();
      }
      assertThat(answer.status()).as("%s answered %s", what, answer.body()).isIn(-1, 503);
      assertThat(System.nanoTime()).as("retried %s for a minute", what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static Duration awaitTrue(Duration timeout, String what, BooleanSupplier condition, long since)
      throws InterruptedException {
    return awaitTrue(timeout, () -> what, condition, since);
  }

  /**
   * Polls every 100 ms until {@code since + timeout} (nanoTime); returns the time from {@code since} to when the
   * condition held.
   */
  private static Duration awaitTrue(Duration timeout, Supplier<String> what, BooleanSupplier condition, long since)
      throws InterruptedException {
    long deadline = since + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited %s for %s".formatted(timeout, what.get()));
      }
      Thread.sleep(100);
    }
    return since(since);
  }

  private String lastFailures(long sinceNanos) {
    List<EventLoad.Failure> failures = load.failuresSince(sinceNanos);
    String clients = Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("event-load-"))
        .map(e -> e.getKey().getName() + " " + e.getKey().getState() + Arrays.stream(e.getValue()).limit(8)
            .map(frame -> "\n    at " + frame).collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
    return "%d writes failed since, the last: %s;%nclients:%n%s%n%s".formatted(failures.size(),
        failures.subList(Math.max(0, failures.size() - 3), failures.size()), clients, service.logTail());
  }

  /**
   * What the journal holds for the first miscounted users, against what the clients were told: rows, writers,
   * snapshots, event ids stored twice, and acknowledged ids that no row holds.
   */
  private String journalOf(List<String> miscounted, Map<String, Set<String>> acknowledged) {
    if (miscounted.isEmpty()) {
      return "";
    }
    var out = new StringBuilder();
    try (CqlSession session = CqlSessions.connect(new InetSocketAddress("127.0.0.1", service.cqlPort()))) {
      for (String line : miscounted.subList(0, Math.min(3, miscounted.size()))) {
        String user = line.substring(0, line.indexOf(':'));
        String pid = "UserInterest|" + user;
        List<Row> rows = session.execute("SELECT sequence_nr, timestamp, writer_uuid, ser_manifest, event "
            + "FROM ebb.messages WHERE persistence_id = ? AND partition_nr = 0", pid).all();
        Map<String, List<String>> stored = new java.util.LinkedHashMap<>();
        Map<String, List<Long>> byWriter = new java.util.TreeMap<>();
        for (Row r : rows) {
          long seq = r.getLong("sequence_nr");
          byWriter.computeIfAbsent(r.getString("writer_uuid"), w -> new ArrayList<>()).add(seq);
          String blob = java.nio.charset.StandardCharsets.ISO_8859_1.decode(r.getByteBuffer("event")).toString();
          java.util.regex.Matcher id = EVENT_ID.matcher(blob);
          String eventId = id.find() ? id.group() : "(" + r.getString("ser_manifest") + ")";
          stored.computeIfAbsent(eventId, k -> new ArrayList<>()).add("seq %d by %s at %s".formatted(seq,
              r.getString("writer_uuid").substring(0, 8),
              java.time.Instant.ofEpochMilli(com.datastax.oss.driver.api.core.uuid.Uuids.unixTimestamp(
                  r.getUuid("timestamp")))));
        }
        List<Long> snapshots = session.execute("SELECT sequence_nr FROM ebb.snapshots WHERE persistence_id = ?",
            pid).all().stream().map(r -> r.getLong("sequence_nr")).toList();
        out.append("%n%s: %d rows, snapshots at %s".formatted(pid, rows.size(), snapshots));
        byWriter.forEach((writer, seqs) -> out.append("%n  writer %s: %d rows, %d..%d".formatted(writer,
            seqs.size(), seqs.get(0), seqs.get(seqs.size() - 1))));
        stored.forEach((eventId, where) -> {
          if (where.size() > 1 || !acknowledged.get(user).contains(eventId)) {
            out.append("%n  %s stored %d times: %s; client: %s".formatted(eventId, where.size(), where,
                load.acknowledgement(eventId)));
          }
        });
        acknowledged.get(user).stream().filter(id -> !stored.containsKey(id)).forEach(id -> out.append(
            "%n  %s acknowledged (%s) but in no row".formatted(id, load.acknowledgement(id))));
      }
    } catch (RuntimeException e) {
      out.append("(cannot read the journal: ").append(e).append(')');
    }
    return out.toString();
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}
