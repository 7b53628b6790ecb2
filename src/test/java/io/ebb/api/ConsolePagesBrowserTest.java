package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.ebb.app.EbbNode;
import io.ebb.app.EvalCommand;
import io.ebb.auth.ApiKey;
import io.ebb.model.ModelJson;
import io.ebb.model.ServingModel;
import io.ebb.replay.data.RealData;
import io.ebb.settings.SettingsStore;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestModels;
import io.ebb.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The console's catalog, tuning and cluster pages in headless Chromium against a whole node whose API needs keys,
 * on a slice of ml-latest-small (the movies its first users rated, their ratings as events): a searched title is
 * listed and opens with its popularity and similar items; the tuning page shows the model applied with the report of
 * an {@code ebb eval} run on the same slice and draws its sweep; the cluster page lists the node with its entities.
 */
class ConsolePagesBrowserTest {

  private static final int USERS = 25;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READ = ApiKey.newSecret();
  private static final String ADMIN = ApiKey.newSecret();

  @TempDir static Path dir;
  private static EbbNode node;
  private static KeyedHttp http;
  private static ChromeDriver browser;
  private static SettingsStore models;
  private static final String run = UUID.randomUUID().toString().substring(0, 6);
  /** Title by item id, of the slice's movies as stored. */
  private static final Map<String, String> titles = new LinkedHashMap<>();
  private static boolean keyGiven;

  @BeforeAll
  static void start() throws Exception {
    Path keys = dir.resolve("api-keys");
    Files.writeString(keys, "console read " + ApiKey.hashOf(READ) + "\nsetup admin " + ApiKey.hashOf(ADMIN) + "\n");
    models = new SettingsStore(TestCassandra.get().session());
    node = TestNode.start(Map.of("ebb.auth.keys-file", keys.toString(), "ebb.settings.poll-interval", "1s"));
    http = new KeyedHttp(node.httpPort(), ADMIN);
    loadSlice(slice(RealData.mlLatestSmall(), dir.resolve("ml-slice")));
    browser = Chromium.start(dir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    TestCatalog.deleteItems(titles.keySet());
    if (node != null) {
      node.close();
    }
    TestModels.restoreDefaults(models);
  }

  @Test
  void theCatalogPageFindsATitleAndShowsItsPopularityAndSimilarItems() {
    String id = "ml" + run + "-2571"; // The Matrix, rated by several of the slice's users
    String title = titles.get(id);
    assertThat(title).isEqualTo("Matrix, The (1999)");
    long events = send("GET", "/v1/items/" + id, null).path("popularity").path("events").asLong();
    assertThat(events).isPositive();

    open("/console/?page=catalog");
    waitFor().until(d -> !shown("#catalog-results li[data-item]").isEmpty());
    WebElement search = browser.findElement(By.id("catalog-search"));
    search.sendKeys("matrix");
    // The most popular items are listed first (The Matrix may be among them): wait for the search's answer.
    waitFor().until(d -> shown("#catalog-results[data-q='matrix'] li[data-item]").contains(id));
    assertThat(browser.findElement(By.cssSelector("#catalog-results li[data-item='" + id + "'] .title")).getText())
        .isEqualTo(title);
    assertThat(browser.getCurrentUrl()).contains("q=matrix");

    browser.findElement(By.cssSelector("#catalog-results li[data-item='" + id + "'] a")).click();
    waitFor().until(d -> browser.findElement(By.id("item-title")).getText().equals(title));
    assertThat(browser.findElement(By.id("item-popularity")).getText()).startsWith(events + " event");
    assertThat(browser.findElement(By.id("item-detail")).getText()).doesNotContain("null");
    List<String> similar = send("GET", "/v1/items/" + id + "/similar?limit=10", null).findValues("itemId").stream()
        .map(JsonNode::asText).filter(s -> !s.equals(id)).toList();
    waitFor().until(d -> shown("#similar li[data-item]").equals(similar));
    String firstSimilar = similar.get(0);
    assertThat(browser.findElement(By.cssSelector("#similar li[data-item='" + firstSimilar + "'] .title")).getText())
        .isEqualTo(send("GET", "/v1/items/" + firstSimilar, null).path("title").asText());
    Chromium.screenshot(browser, "console-catalog");
  }

  @Test
  void theTuningPageShowsTheAppliedModelWithItsReportAndDrawsTheSweep() throws Exception {
    Path report = dir.resolve("eval.json");
    int exit = new CommandLine(new EvalCommand()).execute("--movielens", dir.resolve("ml-slice").toString(),
        "--grid", "small", "--no-stated", "--text-cache", "none", "--report", report.toString());
    assertThat(exit).isZero();
    JsonNode r = JSON.readTree(report.toFile());
    ServingModel best = ModelJson.fromJson(r.get("best"));
    ServingModel applied = models.apply(best.applied(best.version(), Instant.now(), "eval: " + best.label()),
        Instant.now(), JSON.writeValueAsString(r));
    Instant deadline = Instant.now().plus(PATIENCE);
    while (send("GET", "/v1/model", null).path("version").asInt() != applied.version()) {
      assertThat(Instant.now()).as("the node adopts version %d", applied.version()).isBefore(deadline);
    }

    open("/console/?page=tuning");
    waitFor().until(d -> browser.findElement(By.id("model-version")).getText().equals("v" + applied.version()));
    waitFor().until(d -> "true".equals(browser.findElement(By.id("sweep-chart")).getDomAttribute("data-drawn")));
    assertThat(browser.findElement(By.id("sweep-chart")).getDomAttribute("data-settings"))
        .isEqualTo(String.valueOf(r.get("sweep").size()));
    int points = 0;
    for (WebElement line : browser.findElements(By.cssSelector("#sweep-legend li"))) {
      points += Integer.parseInt(line.getDomAttribute("data-points"));
    }
    assertThat(points).as("a point per setting with a finite half-life").isPositive()
        .isLessThanOrEqualTo(r.get("sweep").size());
    assertThat(Chromium.pixelsOfColour(browser, "sweep-chart", 0x25, 0x63, 0xeb)).as("the first line")
        .isGreaterThan(30);
    String ebbRow = browser.findElement(By.cssSelector("#methods-table tr[data-method='ebb']")).getText();
    assertThat(ebbRow).contains(String.format(java.util.Locale.ROOT, "%.4f", r.at("/methods/ebb/test/ndcg@10")
        .asDouble()));
    assertThat(browser.findElements(By.cssSelector("#methods-table tbody tr"))).hasSize(r.get("methods").size());
    assertThat(browser.findElement(By.id("model-summary")).getText()).contains("eval: ");
    Chromium.screenshot(browser, "console-tuning");
  }

  @Test
  void theClusterPageListsTheNodeWithItsShardsAndEntities() {
    for (int user = 1; user <= 5; user++) {
      send("GET", "/v1/users/ml" + run + "-u" + user + "/recommendations", null); // some latency to show
    }
    String self = send("GET", "/v1/cluster", null).path("self").asText();
    open("/console/?page=cluster");
    By row = By.cssSelector("#cluster-nodes tr[data-address='" + self + "']");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
    waitFor().until(d -> {
      String entities = browser.findElement(By.cssSelector("#cluster-nodes tr td[data-entities]"))
          .getDomAttribute("data-entities");
      return !entities.isEmpty() && Integer.parseInt(entities) >= 1;
    });
    assertThat(browser.findElement(row).getText()).contains("Up", "this node");
    assertThat(browser.findElements(By.cssSelector("#cluster-nodes tr"))).hasSize(1);
    // Refreshed every few seconds: the load chart gains a point each time.
    waitFor().until(d -> "true".equals(browser.findElement(By.id("load-chart")).getDomAttribute("data-drawn")));
    waitFor().until(d ->
        Integer.parseInt(browser.findElement(By.id("load-chart")).getDomAttribute("data-points")) >= 3);
    assertThat(browser.findElements(By.cssSelector("#load-chart canvas"))).hasSize(1);
    assertThat(browser.findElement(By.id("cluster-load")).getText()).contains("events / s", "recommendation p99");
    Chromium.screenshot(browser, "console-cluster");
  }

  /** Opens a console page; the first asks for the key (the API answers 401), later ones use the stored key. */
  private static void open(String path) {
    browser.get("http://127.0.0.1:" + node.httpPort() + path);
    if (!keyGiven) {
      WebElement keyInput = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
      keyInput.sendKeys(READ);
      browser.findElement(By.id("key-ok")).click();
      keyGiven = true;
    }
  }

  private static WebDriverWait waitFor() {
    return new WebDriverWait(browser, PATIENCE);
  }

  /** The {@code data-item} of the elements matched, read in one script (lists are re-rendered as they change). */
  private static List<String> shown(String selector) {
    List<?> values = (List<?>) browser.executeScript(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.dataset.item)", selector);
    return values.stream().map(String::valueOf).toList();
  }

  /** The ratings of the first {@value #USERS} users and the movies they rated, as MovieLens files. */
  private static Path slice(Path movielens, Path into) throws IOException {
    Files.createDirectories(into);
    List<String> ratings = Files.readAllLines(movielens.resolve("ratings.csv"));
    List<String> kept = new ArrayList<>(List.of(ratings.get(0)));
    Set<String> movies = new HashSet<>();
    for (String line : ratings.subList(1, ratings.size())) {
      String[] f = line.split(",");
      if (Integer.parseInt(f[0]) <= USERS) {
        kept.add(line);
        movies.add(f[1]);
      }
    }
    Files.write(into.resolve("ratings.csv"), kept);
    List<String> allMovies = Files.readAllLines(movielens.resolve("movies.csv"));
    List<String> keptMovies = new ArrayList<>(List.of(allMovies.get(0)));
    allMovies.stream().skip(1).filter(l -> movies.contains(l.substring(0, l.indexOf(',')))).forEach(keptMovies::add);
    Files.write(into.resolve("movies.csv"), keptMovies);
    List<String> tags = Files.readAllLines(movielens.resolve("tags.csv"));
    List<String> keptTags = new ArrayList<>(List.of(tags.get(0)));
    tags.stream().skip(1).filter(l -> movies.contains(l.split(",")[1])).forEach(keptTags::add);
    Files.write(into.resolve("tags.csv"), keptTags);
    return into;
  }

  /** The slice's movies as items (genres as tags) and its ratings as rate events, through the API. */
  private static void loadSlice(Path slice) throws IOException {
    CsvMapper csv = new CsvMapper();
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    List<Map<String, Object>> items = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows =
        csv.readerFor(Map.class).with(header).readValues(slice.resolve("movies.csv").toFile())) {
      while (rows.hasNext()) {
        Map<String, String> movie = rows.next();
        String id = "ml" + run + "-" + movie.get("movieId");
        titles.put(id, movie.get("title"));
        items.add(Map.of("itemId", id, "title", movie.get("title"),
            "tags", List.of(movie.get("genres").toLowerCase(java.util.Locale.ROOT).split("\\|"))));
      }
    }
    for (int i = 0; i < items.size(); i += 1000) {
      send("POST", "/v1/items", Http.json(Map.of("items", items.subList(i, Math.min(items.size(), i + 1000)))));
    }
    List<Map<String, Object>> events = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows =
        csv.readerFor(Map.class).with(header).readValues(slice.resolve("ratings.csv").toFile())) {
      while (rows.hasNext()) {
        Map<String, String> rating = rows.next();
        events.add(Map.of("userId", "ml" + run + "-u" + rating.get("userId"),
            "itemId", "ml" + run + "-" + rating.get("movieId"), "type", "rate",
            "value", Double.parseDouble(rating.get("rating")),
            "timestamp", Instant.ofEpochSecond(Long.parseLong(rating.get("timestamp"))).toString()));
      }
    }
    for (int i = 0; i < events.size(); i += 1000) {
      List<Map<String, Object>> batch = events.subList(i, Math.min(events.size(), i + 1000));
      send("POST", "/v1/events/batch", Http.json(Map.of("events", batch)));
    }
  }

  private static JsonNode send(String method, String path, String body) {
    return http.send(method, path, body);
  }
}
