package io.ebb.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ebb.model.ServingModel;
import io.ebb.replay.data.RealData;
import io.ebb.settings.SettingsStore;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestModels;
import io.ebb.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The replay loop end to end on a slice of the real MovieLens data: import through the service into the
 * journal, tune from the journal with Persistence Query, apply, and see the running node serve the new setting
 * (and show it, with the tuning report, at {@code GET /v1/model}).
 */
class TuneEndToEndTest {

  private static final int USERS = 40;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json =
      new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule());

  @Test
  void importTuneApplyAndServe(@TempDir Path dir) throws Exception {
    Path slice = slice(RealData.mlLatestSmall(), dir.resolve("ml-slice"));
    List<String> movies =
        Files.readAllLines(slice.resolve("movies.csv")).stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
    SettingsStore settings = new SettingsStore(TestCassandra.get().session());
    // Frequent snapshots: the adopted setting must not be mixed with a snapshot folded under the old one.
    EbbNode node = TestNode.start(Map.of("ebb.settings.poll-interval", "1s", "ebb.user.snapshot-every", 10));
    try {
      String url = "http://127.0.0.1:" + node.httpPort();
      assertThat(new CommandLine(new ImportCommand()).execute("--movielens", slice.toString(), "--url", url)).isZero();
      String user = "3"; // a user of the slice
      JsonNode before = get(url + "/v1/users/" + user + "/interests");
      assertThat(before.path("eventCount").asLong()).isPositive();
      int versionBefore = before.path("settingsVersion").asInt();

      Path report = dir.resolve("report.json");
      Path plot = dir.resolve("plot.png");
      int exit =
          new CommandLine(new TuneCommand())
              .execute(
                  "--cassandra", TestCassandra.get().contactPoint(),
                  "--grid", "small",
                  "--report", report.toString(),
                  "--plot", plot.toString(),
                  "--apply");
      assertThat(exit).isZero();

      JsonNode r = json.readTree(report.toFile());
      for (String method : List.of("popularity", "itemknn", "ebb-nodecay", "ebb")) {
        assertThat(r.path("methods").path(method).path("test").has("ndcg@10")).as(method).isTrue();
        assertThat(r.path("methods").path(method).path("validation").has("hr@10")).as(method).isTrue();
      }
      assertThat(r.path("best").isObject()).isTrue();
      // The slice's sessions never go idle within the import, so unless another test recorded captures in the
      // shared journal the summariser's are simulated; either way the stated component is compared.
      assertThat(r.at("/stated/source").asText()).matches("simulated \\(ebb-summariser/1\\)|recorded .*");
      assertThat(r.at("/stated/without/test/ndcg@10").isNumber()).isTrue();
      assertThat(Files.size(plot)).isPositive();
      ServingModel applied = settings.latest().orElseThrow();
      assertThat(applied.version()).isGreaterThan(versionBefore);

      // The running node adopts the new version within its poll interval; the user's entity rebuilds its
      // state from its journal under it (the first read after the switch may still answer from the old state).
      JsonNode after = null;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (Instant.now().isBefore(deadline)) {
        after = get(url + "/v1/users/" + user + "/interests");
        if (after.path("settingsVersion").asInt() == applied.version()) {
          break;
        }
        Thread.sleep(250);
      }
      assertThat(after.path("settingsVersion").asInt()).isEqualTo(applied.version());
      assertThat(after.path("eventCount").asLong()).isEqualTo(before.path("eventCount").asLong());
      String firstHorizon = applied.interest().horizons().get(0).name();
      assertThat(after.path("horizons").has(firstHorizon)).isTrue();
      assertThat(get(url + "/v1/users/" + user + "/recommendations?limit=10").path("items").size()).isEqualTo(10);

      // The node shows the model it serves and the report that chose it, as the tool wrote it.
      JsonNode served = get(url + "/v1/model");
      assertThat(served.path("version").asInt()).isEqualTo(applied.version());
      assertThat(served.path("origin").asText()).startsWith("tune: ");
      assertThat(Instant.parse(served.path("activatedAt").asText())).isEqualTo(applied.activatedAt());
      assertThat(served.path("report")).isEqualTo(r);
      assertThat(served.at("/report/sweep").size()).isPositive();
    } finally {
      node.close();
      TestModels.restoreDefaults(settings);
      TestCatalog.deleteItems(movies);
    }
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body());
  }

  /** The ratings of the first {@value #USERS} users, the movies they rated and those movies' tags. */
  private static Path slice(Path movielens, Path into) throws IOException {
    Files.createDirectories(into);
    List<String> ratings = Files.readAllLines(movielens.resolve("ratings.csv"));
    List<String> kept =
        ratings.stream().skip(1).filter(l -> Integer.parseInt(l.substring(0, l.indexOf(','))) <= USERS).toList();
    Set<String> movies = kept.stream().map(l -> l.split(",")[1]).collect(Collectors.toCollection(HashSet::new));
    Files.write(into.resolve("ratings.csv"), concat(ratings.get(0), kept));
    List<String> allMovies = Files.readAllLines(movielens.resolve("movies.csv"));
    Files.write(
        into.resolve("movies.csv"),
        concat(allMovies.get(0), allMovies.stream().skip(1).filter(l -> movies.contains(l.substring(0, l.indexOf(',')))).toList()));
    List<String> tags = Files.readAllLines(movielens.resolve("tags.csv"));
    Files.write(
        into.resolve("tags.csv"),
        concat(tags.get(0), tags.stream().skip(1).filter(l -> movies.contains(l.split(",")[1])).toList()));
    return into;
  }

  private static List<String> concat(String header, List<String> rows) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(header), rows.stream()).toList();
  }
}
