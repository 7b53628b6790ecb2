package io.ebb.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.cassandra.CqlSessions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The check after faults: every acknowledged event is in the journal (re-sending it answers {@code duplicate}) and
 * none was applied twice (each user's {@code eventCount} is the number of its distinct events). When it fails, it
 * shows what the journal holds for the users concerned against what the clients were told.
 */
final class AcknowledgedCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT_ID = Pattern.compile("e-[0-9a-f]{8}-\\d+-\\d+");

  private final String base;
  private final int cqlPort;
  private final EventLoad load;
  private final FaultFigures figures;
  private final LoopbackHttp http = new LoopbackHttp();

  /** Checks through the node at {@code base}, whose journal is on the Cassandra node at {@code cqlPort}. */
  AcknowledgedCheck(String base, int cqlPort, EventLoad load, FaultFigures figures) {
    this.base = base;
    this.cqlPort = cqlPort;
    this.load = load;
    this.figures = figures;
  }

  /**
   * Stops the clients (each delivers the event it holds) and checks the journal against what was acknowledged.
   */
  void verify() throws InterruptedException {
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

  private URI uri(String path) {
    return URI.create(base + path);
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

  /**
   * What the journal holds for the first miscounted users, against what the clients were told: rows, writers,
   * snapshots, event ids stored twice, and acknowledged ids that no row holds.
   */
  private String journalOf(List<String> miscounted, Map<String, Set<String>> acknowledged) {
    if (miscounted.isEmpty()) {
      return "";
    }
    var out = new StringBuilder();
    try (CqlSession session = CqlSessions.connect(new InetSocketAddress("127.0.0.1", cqlPort))) {
      for (String line : miscounted.subList(0, Math.min(3, miscounted.size()))) {
        String user = line.substring(0, line.indexOf(':'));
        String pid = "UserInterest|" + user;
        List<Row> rows = session.execute("SELECT sequence_nr, timestamp, writer_uuid, ser_manifest, event "
            + "FROM ebb.messages WHERE persistence_id = ? AND partition_nr = 0", pid).all();
        Map<String, List<String>> stored = new LinkedHashMap<>();
        Map<String, List<Long>> byWriter = new TreeMap<>();
        for (Row r : rows) {
          long seq = r.getLong("sequence_nr");
          byWriter.computeIfAbsent(r.getString("writer_uuid"), w -> new ArrayList<>()).add(seq);
          String blob = StandardCharsets.ISO_8859_1.decode(r.getByteBuffer("event")).toString();
          Matcher id = EVENT_ID.matcher(blob);
          String eventId = id.find() ? id.group() : "(" + r.getString("ser_manifest") + ")";
          stored.computeIfAbsent(eventId, k -> new ArrayList<>()).add("seq %d by %s at %s".formatted(seq,
              r.getString("writer_uuid").substring(0, 8),
              Instant.ofEpochMilli(Uuids.unixTimestamp(
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

}
