package io.ebb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bench ingest} against a real node over loopback, in each mode, for a few seconds: it prints its figures,
 * and the events it reports as accepted are exactly the events the users' entities hold.
 */
class IngestBenchTest {

  private static final int USERS = 12;
  private static final int ITEMS = 30;

  private static EbbNode node;
  private static String url;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    url = "http://127.0.0.1:" + node.httpPort();
  }

  @AfterAll
  static void stop() {
    node.close();
    List<String> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(BenchCatalog.itemId(i));
    }
    TestCatalog.deleteItems(items);
  }

  @Test
  void singleEventsAtSaturation() throws Exception {
    String users = "bt-http-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    BenchOutput run = ingest(users, "--mode", "http", "--concurrency", "4");

    assertPrintedFiguresMatchTheJournal(run, users);
    assertThat(run.figure("load")).contains("saturation");
  }

  @Test
  void batchesAtSaturation() throws Exception {
    String users = "bt-batch-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    BenchOutput run = ingest(users, "--mode", "batch", "--batch-size", "20", "--concurrency", "2");

    assertPrintedFiguresMatchTheJournal(run, users);
    assertThat(run.figure("transport")).contains("/v1/events/batch");
  }

  @Test
  void webSocketAtAFixedRate() throws Exception {
    String users = "bt-ws-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    BenchOutput run = ingest(users, "--mode", "ws", "--concurrency", "2", "--ws-window", "8", "--rate", "40");

    assertPrintedFiguresMatchTheJournal(run, users);
    assertThat(run.figure("load")).contains("fixed rate 40 events/s");
    assertThat(run.figure("behind schedule (sent > 5 ms late)")).contains("of");
    // Paced: 40 events/s for the 3 s (warm-up and measured); on a busy machine some may be left unsent.
    assertThat(run.number("requests sent") + run.number("not sent (still behind schedule at the end)")).isEqualTo(120);
  }

  private BenchOutput ingest(String userPrefix, String... modeArgs) {
    List<String> args = new ArrayList<>(List.of(
        "ingest", "--url", url, "--users", Integer.toString(USERS), "--items", Integer.toString(ITEMS),
        "--warmup", "1s", "--duration", "2s", "--timeout", "20s", "--user-prefix", userPrefix, "--seed", "7"));
    args.addAll(List.of(modeArgs));
    return BenchOutput.run(args.toArray(String[]::new));
  }

  private void assertPrintedFiguresMatchTheJournal(BenchOutput run, String userPrefix) throws Exception {
    long accepted = run.number("accepted events (total, incl. warm-up and drain)");
    assertThat(accepted).isPositive();
    assertThat(run.number("accepted events/s (measured window)")).isPositive();
    assertThat(run.figure("ack latency p99")).endsWith("ms");
    assertThat(run.figure("ack latency p99.9")).endsWith("ms");
    assertThat(run.number("failed requests")).as("errors on a tiny run").isZero();
    assertThat(run.number("duplicates acknowledged")).isZero();
    assertThat(run.err()).contains("[ingest]").contains("events/s");
    assertThat(eventsHeldBy(userPrefix)).isEqualTo(accepted);
  }

  /** The sum of the users' event counts, as their entities report them. */
  private long eventsHeldBy(String userPrefix) throws Exception {
    long total = 0;
    for (int i = 0; i < USERS; i++) {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(url + "/v1/users/" + userPrefix + i + "/interests")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        total += json.readTree(r.body()).path("eventCount").asLong();
      } else {
        assertThat(r.statusCode()).as("interests of %s%d", userPrefix, i).isEqualTo(404);
      }
    }
    return total;
  }
}
