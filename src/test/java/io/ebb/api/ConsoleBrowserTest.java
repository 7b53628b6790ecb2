package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.auth.ApiKey;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * The console's user page in a real browser (Debian's Chromium, headless, driven by its chromedriver) against a
 * whole node whose API needs keys: the page asks for the key once, shows the titles the API recommends, draws a
 * line per horizon, and follows a new event over the WebSocket without a reload.
 */
class ConsoleBrowserTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String READ = ApiKey.newSecret();
  private static final String ADMIN = ApiKey.newSecret();

  @TempDir static Path dir;
  private static EbbNode node;
  private static KeyedHttp http;
  private static ChromeDriver browser;
  private static final List<String> items = new ArrayList<>();
  private static final String run = UUID.randomUUID().toString().substring(0, 6);

  @BeforeAll
  static void start() throws Exception {
    Path keys = dir.resolve("api-keys");
    Files.writeString(keys, "console read " + ApiKey.hashOf(READ) + "\nsetup admin " + ApiKey.hashOf(ADMIN) + "\n");
    node = TestNode.start(Map.of("ebb.auth.keys-file", keys.toString()));
    http = new KeyedHttp(node.httpPort(), ADMIN);
    browser = Chromium.start(dir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    TestCatalog.deleteItems(items);
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theUserPageShowsWhatTheApiRecommendsDrawsEachHorizonAndFollowsNewEventsLive() throws Exception {
    String user = "console-" + run;
    List<String> space = new ArrayList<>();
    List<String> romance = new ArrayList<>();
    for (String[] movie : DecayScenarioTest.SCI_FI.subList(0, 8)) {
      space.add(item(movie[0], movie[1], "sci-fi"));
    }
    for (String[] movie : DecayScenarioTest.ROMCOM.subList(0, 8)) {
      romance.add(item(movie[0], movie[1], "romance"));
    }
    Instant start = Instant.now().minus(Duration.ofDays(3));
    for (int i = 0; i < 3; i++) {
      event(user, space.get(i), "like", start.plus(Duration.ofHours(5L * i)));
    }
    List<String> before = recommendedIds(user);

    browser.get(url("/console/?user=" + user));
    // The API answers 401 without a key: the page asks for one, once, and keeps it for the session.
    WebElement keyInput = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
    keyInput.sendKeys(READ);
    browser.findElement(By.id("key-ok")).click();

    waitFor().until(d -> shownIds().equals(before));
    waitFor().until(d -> shownTitles().equals(titlesOf(before)));
    assertThat(browser.findElements(By.cssSelector("#recommendations .reason"))).isNotEmpty();
    assertThat(browser.getCurrentUrl()).doesNotContain(READ);
    assertThat(browser.executeScript("return sessionStorage.getItem('ebb.apiKey')")).isEqualTo(READ);

    // The interests chart: a line per horizon with points, drawn in the horizons' colours on the canvas.
    waitFor().until(d -> "true".equals(
        browser.findElement(By.id("horizon-chart")).getDomAttribute("data-drawn")));
    for (String horizon : List.of("short", "long")) {
      Object points = browser.executeScript(
          "return document.querySelector(`#horizon-legend li[data-series='${arguments[0]}']`).dataset.points", horizon);
      assertThat(Integer.parseInt(String.valueOf(points))).as(horizon).isGreaterThan(100);
    }
    assertThat(Chromium.pixelsOfColour(browser, "horizon-chart", 0x25, 0x63, 0xeb)).as("short, in blue")
        .isGreaterThan(50);
    assertThat(Chromium.pixelsOfColour(browser, "horizon-chart", 0x15, 0x80, 0x3d)).as("long, in green")
        .isGreaterThan(50);
    assertThat(browser.findElements(By.cssSelector("#tag-legend li[data-series='sci-fi']"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("#events li"))).hasSize(3);

    // A burst of romance in the last hour: the list changes over the socket, and the page was not reloaded.
    browser.executeScript("window.notReloaded = true");
    for (int i = 0; i < 5; i++) {
      event(user, romance.get(i), "purchase", Instant.now().minusSeconds(60L * (5 - i)));
    }
    waitFor().until(d -> !shownIds().equals(before) && shownIds().equals(recommendedIds(user)));
    assertThat(shownIds()).isNotEqualTo(before);
    assertThat(browser.executeScript("return window.notReloaded === true")).isEqualTo(true);
    waitFor().until(d -> browser.findElements(By.cssSelector("#events li")).size() == 8);
    assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live");

    // The key is asked for once per browser session: a reload uses the stored one.
    browser.navigate().refresh();
    waitFor().until(d -> shownIds().equals(recommendedIds(user)));
    assertThat(browser.executeScript("return document.getElementById('key-dialog').open")).isEqualTo(false);
  }

  private static WebDriverWait waitFor() {
    return new WebDriverWait(browser, PATIENCE);
  }

  /** Read in one script: the list is re-rendered whenever the socket sends, so elements found earlier go stale. */
  private static List<String> shownIds() {
    return strings(
        "return [...document.querySelectorAll('#recommendations li[data-item]')].map(li => li.dataset.item)");
  }

  private static List<String> shownTitles() {
    return strings("return [...document.querySelectorAll('#recommendations li .title')].map(t => t.textContent)");
  }

  private static List<String> strings(String script) {
    List<?> values = (List<?>) browser.executeScript(script);
    return values.stream().map(String::valueOf).toList();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }

  private static String item(String title, String description, String tag) {
    String id = "console-" + run + "-" + items.size();
    JsonNode answer = send("PUT", "/v1/items/" + id,
        Http.json(Map.of("title", title, "description", description, "tags", List.of(tag))));
    assertThat(answer.path("itemId").asText()).isEqualTo(id);
    items.add(id);
    return id;
  }

  private static void event(String user, String item, String type, Instant at) {
    send("POST", "/v1/events", Http.json(Map.of("userId", user, "itemId", item, "type", type,
        "timestamp", at.toString(), "context", Map.of("device", "tv", "weather", "rain"))));
  }

  private static List<String> recommendedIds(String user) {
    JsonNode list = send("GET", "/v1/users/" + user + "/recommendations?limit=10", null);
    List<String> ids = new ArrayList<>();
    list.path("items").forEach(i -> ids.add(i.path("itemId").asText()));
    return ids;
  }

  private static List<String> titlesOf(List<String> ids) {
    return ids.stream().map(id -> send("GET", "/v1/items/" + id, null).path("title").asText()).toList();
  }

  private static JsonNode send(String method, String path, String body) {
    return http.send(method, path, body);
  }
}
