package io.ebb.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `ebb import` of generic CSV files into a real node over HTTP; a second import applies nothing twice. */
class ImportCommandTest {

  private static EbbNode node;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body());
  }

  @Test
  void importsItemsAndEventsAndIsIdempotent(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path items = dir.resolve("items.csv");
    Path events = dir.resolve("events.csv");
    Files.writeString(
        items,
        "itemId,title,description,tags\n"
            + "imp-" + run + "-1,\"Heat, the movie\",A crime saga in Los Angeles,crime|thriller\n"
            + "imp-" + run + "-2,Amelie,A whimsical romance in Paris,romance|comedy\n");
    Files.writeString(
        events,
        "userId,itemId,timestamp,type,value\n"
            + "u-imp-" + run + ",imp-" + run + "-1,2024-05-01T10:00:00Z,view,\n"
            + "u-imp-" + run + ",imp-" + run + "-2,1714557600,rate,4.5\n"
            + "u-imp-" + run + ",unknown-item,1714557600,view,\n"
            + "u-imp-" + run + ",imp-" + run + "-2,not-a-time,view,\n");
    String[] args = {"--items", items.toString(), "--events", events.toString(), "--url", "http://127.0.0.1:" + node.httpPort()};

    String firstOutput = run(args);

    assertThat(firstOutput).contains("2 items", "2 events accepted", "1 dropped (unknown item)", "1 bad rows");
    assertThat(firstOutput).contains("line 5"); // the bad timestamp, named by its line
    assertThat(get("/v1/items/imp-" + run + "-1").path("title").asText()).isEqualTo("Heat, the movie");
    assertThat(get("/v1/users/u-imp-" + run + "/interests").path("eventCount").asLong()).isEqualTo(2);

    String secondOutput = run(args);

    assertThat(secondOutput).contains("0 events accepted", "2 duplicates");
    assertThat(get("/v1/users/u-imp-" + run + "/interests").path("eventCount").asLong()).isEqualTo(2);
    TestCatalog.deleteItems(java.util.List.of("imp-" + run + "-1", "imp-" + run + "-2"));
  }

  @Test
  void importsPlacesAndContextSoTheServiceCanServeThem(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path items = dir.resolve("items.csv");
    Path events = dir.resolve("events.csv");
    Files.writeString(items, "itemId,title,description,tags,attr.lat,attr.lon\n"
        + "ctx-" + run + "-1,Espresso bar,,coffee,40.7362,-73.9905\n");
    Files.writeString(events, "userId,itemId,timestamp,type,value,context.lat,context.lon,context.tz\n"
        + "u-ctx-" + run + ",ctx-" + run + "-1,2024-05-01T12:30:00Z,view,,40.7359,-73.9911,America/New_York\n");

    String output = run("--items", items.toString(), "--events", events.toString(),
        "--url", "http://127.0.0.1:" + node.httpPort());

    assertThat(output).contains("1 items", "1 events accepted");
    JsonNode item = get("/v1/items/ctx-" + run + "-1");
    assertThat(item.at("/attributes/lat").asDouble()).isEqualTo(40.7362);
    assertThat(item.at("/attributes/lon").asDouble()).isEqualTo(-73.9905);
    JsonNode trajectory = get("/v1/users/u-ctx-" + run + "/interests/trajectory?points=2");
    JsonNode context = trajectory.at("/events/0/context");
    assertThat(context.path("tz").asText()).isEqualTo("America/New_York");
    assertThat(Double.parseDouble(context.path("lat").asText())).isEqualTo(40.7359);
    assertThat(get("/v1/users/u-ctx-" + run + "/interests").at("/context/place/lon").asDouble()).isEqualTo(-73.9911);
    TestCatalog.deleteItems(java.util.List.of("ctx-" + run + "-1"));
  }

  private static String run(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true));
    try {
      int exit = new CommandLine(new ImportCommand()).execute(args);
      assertThat(exit).isZero();
    } finally {
      System.setErr(original);
    }
    String out = captured.toString();
    System.err.print(out);
    return out;
  }
}
