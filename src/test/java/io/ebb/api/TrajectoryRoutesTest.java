package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/users/{id}/interests/trajectory} against a whole node: the journal replayed over real HTTP. */
class TrajectoryRoutesTest {

  private static EbbNode node;
  private static Http http;
  private static final List<String> items = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    http = new Http(node.httpPort());
  }

  @AfterAll
  static void stop() {
    TestCatalog.deleteItems(items);
    node.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String item(String title, String... tags) {
    String id = unique("traj-item");
    Http.Response put = http.put("/v1/items/" + id, Http.json(Map.of("title", title, "tags", List.of(tags))));
    assertThat(put.status()).as("put %s", put.body()).isEqualTo(200);
    items.add(id);
    return id;
  }

  /** Posts an event, again after a 503 (the contract's "retry": a cold journal may be slow on a busy machine). */
  private static void event(String user, String item, String type, Instant at) {
    String body = Http.json(Map.of(
        "userId", user, "itemId", item, "type", type, "timestamp", at.toString(), "context", Map.of("device", "tv")));
    Instant deadline = Instant.now().plusSeconds(60);
    Http.Response r = http.post("/v1/events", body);
    while (r.status() == 503 && Instant.now().isBefore(deadline)) {
      r = http.post("/v1/events", body);
    }
    assertThat(r.status()).as("event %s", r.body()).isEqualTo(202);
  }

  @Test
  void theTrajectoryEndsWhereTheEntitysOwnAnswerIsAndFadesAhead() {
    String user = unique("traj-user");
    String space = item("Starship to Andromeda", "sci-fi", "space");
    String heist = item("The Bank Job", "crime");
    Instant start = Instant.now().minus(Duration.ofDays(2));
    event(user, space, "like", start);
    event(user, space, "view", start.plus(Duration.ofHours(3)));
    event(user, heist, "purchase", start.plus(Duration.ofDays(1)));

    Http.Response r = http.get("/v1/users/" + user + "/interests/trajectory?points=50&tags=3");
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    JsonNode t = r.body();
    assertThat(t.path("userId").asText()).isEqualTo(user);
    assertThat(t.path("eventCount").asLong()).isEqualTo(3);
    assertThat(Instant.parse(t.path("from").asText())).isEqualTo(start);
    Instant now = Instant.parse(t.path("now").asText());
    assertThat(Instant.parse(t.path("to").asText())).isEqualTo(now.plus(Duration.ofDays(7)));
    assertThat(t.path("horizons").findValuesAsText("name")).containsExactly("short", "long", "stated");
    assertThat(t.path("tags").toString()).contains("sci-fi", "crime");
    JsonNode points = t.path("points");
    assertThat(points).hasSize(50);
    int events = 0;
    JsonNode atNow = null;
    for (JsonNode p : points) {
      events += p.path("events").asInt();
      Instant at = Instant.parse(p.path("at").asText());
      assertThat(p.path("projected").asBoolean()).isEqualTo(at.isAfter(now));
      if (at.equals(now)) {
        atNow = p;
      }
    }
    assertThat(events).isEqualTo(3);
    assertThat(atNow).as("a point at now").isNotNull();
    assertThat(t.path("events")).hasSize(3);
    assertThat(t.path("events").get(2).path("type").asText()).isEqualTo("purchase");
    assertThat(t.path("events").get(2).path("context").path("device").asText()).isEqualTo("tv");

    // The replay agrees with the entity's state decayed to the same instant.
    JsonNode interests = http.get("/v1/users/" + user + "/interests?at=" + now).body();
    for (String h : List.of("short", "long")) {
      assertThat(atNow.path("horizons").path(h).asDouble())
          .as(h).isCloseTo(interests.path("horizons").path(h).path("norm").asDouble(), within(2e-4));
    }
    for (JsonNode tag : interests.path("topTags")) {
      if (atNow.path("tags").has(tag.path("tag").asText())) {
        assertThat(atNow.path("tags").path(tag.path("tag").asText()).asDouble())
            .isCloseTo(tag.path("weight").asDouble(), within(2e-4));
      }
    }
    // Ahead of now the short horizon (6 h) has faded to almost nothing within the week.
    JsonNode last = points.get(points.size() - 1);
    assertThat(last.path("horizons").path("short").asDouble())
        .isLessThan(atNow.path("horizons").path("short").asDouble() / 100);
    assertThat(last.path("horizons").path("long").asDouble()).isGreaterThan(0.0);
  }

  @Test
  void anExplicitWindowIsSampledEvenly() {
    String user = unique("traj-window");
    String space = item("Moon Base", "sci-fi");
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    event(user, space, "view", at);
    Http.Response r = http.get("/v1/users/" + user + "/interests/trajectory?from=2025-12-31T00:00:00Z"
        + "&to=2026-01-02T00:00:00Z&points=3");
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    assertThat(r.body().path("points").findValuesAsText("at"))
        .containsExactly("2025-12-31T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    assertThat(r.body().path("points").get(0).path("horizons").path("long").asDouble()).isEqualTo(0.0);
    assertThat(r.body().path("points").get(1).path("horizons").path("long").asDouble()).isCloseTo(1.0, within(1e-3));
  }

  @Test
  void badParametersAreA400NamingTheFieldAndAnUnknownUserA404() {
    String user = unique("traj-bad");
    event(user, item("Heat", "crime"), "view", Instant.now().minusSeconds(60));
    String path = "/v1/users/" + user + "/interests/trajectory";
    assertError(http.get(path + "?points=1"), 400, "points");
    assertError(http.get(path + "?points=501"), 400, "points");
    assertError(http.get(path + "?points=many"), 400, "points");
    assertError(http.get(path + "?tags=99"), 400, "tags");
    assertError(http.get(path + "?from=yesterday"), 400, "from");
    assertError(http.get(path + "?to=2026-13-01T00:00:00Z"), 400, "to");
    assertError(http.get(path + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "to");
    assertError(http.get(path + "?to=2999-01-01T00:00:00Z"), 400, "to");
    assertError(http.get("/v1/users/" + unique("traj-nobody") + "/interests/trajectory"), 404, null);
    assertError(http.get("/v1/users/bad%20id/interests/trajectory"), 400, "userId");
  }

  private static void assertError(Http.Response r, int status, String field) {
    assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
    if (field != null) {
      assertThat(r.body().path("error").asText()).isEqualTo("invalid_request");
      assertThat(r.body().path("field").asText()).isEqualTo(field);
    } else {
      assertThat(r.body().path("error").asText()).isEqualTo("not_found");
    }
  }
}
