package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reads behind the console's catalog, tuning and cluster pages, over real HTTP against a whole node: the
 * catalog search with each item's popularity, the active model, and the cluster's members, shards and load.
 */
class ConsoleApiTest {

  private static EbbNode node;
  private static Http http;
  private static final List<String> items = new ArrayList<>();
  private static final String run = UUID.randomUUID().toString().substring(0, 8);

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

  private static String item(String suffix, String title) {
    String id = "cons-" + run + "-" + suffix;
    Http.Response put = http.put("/v1/items/" + id, Http.json(Map.of("title", title, "tags", List.of("test"))));
    assertThat(put.status()).as("put %s", put.body()).isEqualTo(200);
    items.add(id);
    return id;
  }

  private static void event(String user, String item) {
    String body = Http.json(Map.of("userId", user, "itemId", item, "type", "view"));
    Instant deadline = Instant.now().plusSeconds(60);
    Http.Response r = http.post("/v1/events", body);
    while (r.status() == 503 && Instant.now().isBefore(deadline)) {
      r = http.post("/v1/events", body);
    }
    assertThat(r.status()).as("event %s", r.body()).isEqualTo(202);
  }

  private static JsonNode await(Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode last = read.get();
    while (!done.test(last) && Instant.now().isBefore(deadline)) {
      last = read.get();
    }
    return last;
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.path("items").forEach(i -> ids.add(i.path("itemId").asText()));
    return ids;
  }

  @Test
  void theCatalogIsSearchedByIdPrefixOrTitleAndEachItemCarriesItsPopularity() {
    String word = "Zq" + run; // a title word no other test's item holds
    String first = item("s-a", "The " + word + " Affair");
    String second = item("s-b", word + " Returns");
    String inside = item("s-c", "Anti" + word.toLowerCase());
    item("s-d", "Something else");
    for (int i = 0; i < 3; i++) {
      event("cons-" + run + "-u" + i, second);
    }
    event("cons-" + run + "-u9", first);

    JsonNode popular = await(() -> http.get("/v1/items/" + second).body(),
        b -> b.path("popularity").path("events").asLong() >= 3);
    assertThat(popular.path("title").asText()).isEqualTo(word + " Returns");
    assertThat(popular.path("popularity").path("events").asLong()).isEqualTo(3);
    assertThat(popular.path("popularity").path("relative").asDouble()).isBetween(0.0, 1.0).isPositive();

    JsonNode found = await(() -> http.get("/v1/items?q=" + word.toUpperCase() + "&limit=10").body(),
        b -> b.path("items").path(1).path("popularity").path("events").asLong() >= 1);
    // Titles with the word at a word's start, the more popular first, then the one holding it inside a word.
    assertThat(ids(found)).containsExactly(second, first, inside);
    assertThat(found.path("matches").asInt()).isEqualTo(3);
    assertThat(found.path("q").asText()).isEqualTo(word.toUpperCase());
    assertThat(found.path("items").get(0).path("popularity").path("events").asLong()).isEqualTo(3);

    JsonNode byId = http.get("/v1/items?q=cons-" + run + "-S-&limit=2").body();
    assertThat(byId.path("matches").asInt()).isEqualTo(4);
    assertThat(byId.path("items")).hasSize(2);
    assertThat(http.get("/v1/items?q=cons-" + run + "-s-d").body().path("items").get(0).path("title").asText())
        .isEqualTo("Something else");

    JsonNode top = http.get("/v1/items?limit=100").body();
    assertThat(top.path("q").isNull()).isTrue();
    assertThat(top.path("items").size()).isPositive();
    assertThat(top.path("matches").asInt()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void badSearchParametersAreA400NamingTheParameter() {
    for (String query : List.of("q=", "q=%20%20", "q=" + "x".repeat(ItemSearch.MAX_QUERY + 1))) {
      Http.Response r = http.get("/v1/items?" + query);
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.body().path("error").asText()).isEqualTo("invalid_request");
      assertThat(r.body().path("field").asText()).isEqualTo("q");
    }
    Http.Response limit = http.get("/v1/items?q=heat&limit=0");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.body().path("field").asText()).isEqualTo("limit");
    assertThat(http.get("/v1/items?q=" + "x".repeat(ItemSearch.MAX_QUERY)).status()).isEqualTo(200);
  }

  @Test
  void theModelIsTheOneThisNodeServes() {
    JsonNode model = http.get("/v1/model").body();
    String user = "cons-" + run + "-model";
    event(user, item("m", "Model probe"));
    int served = http.get("/v1/users/" + user + "/interests").body().path("settingsVersion").asInt();
    assertThat(model.path("version").asInt()).isEqualTo(served);
    assertThat(model.path("model").path("version").asInt()).isEqualTo(served);
    assertThat(model.path("model").path("interest").path("horizons").size()).isPositive();
    assertThat(model.path("label").asText()).isNotBlank();
    assertThat(Instant.parse(model.path("activatedAt").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(model.has("report")).isTrue();
  }

  @Test
  void theClusterListsThisNodeWithItsShardsEntitiesAndLoad() {
    String item = item("k", "Cluster probe");
    for (int i = 0; i < 4; i++) {
      event("cons-" + run + "-k" + i, item);
      assertThat(http.get("/v1/users/cons-" + run + "-k" + i + "/recommendations").status()).isEqualTo(200);
    }
    JsonNode cluster = await(() -> http.get("/v1/cluster").body(),
        c -> c.path("entities").asInt() >= 4 && c.path("load").path("eventsPerSecond").asDouble() > 0);
    assertThat(cluster.path("nodes")).hasSize(1);
    JsonNode self = cluster.path("nodes").get(0);
    assertThat(self.path("self").asBoolean()).isTrue();
    assertThat(self.path("leader").asBoolean()).isTrue();
    assertThat(self.path("status").asText()).isEqualTo("Up");
    assertThat(self.path("reachable").asBoolean()).isTrue();
    assertThat(self.path("address").asText()).isEqualTo(cluster.path("self").asText()).startsWith("pekko://");
    assertThat(self.path("entities").asInt()).isEqualTo(cluster.path("entities").asInt()).isGreaterThanOrEqualTo(4);
    assertThat(self.path("shards").asInt()).isEqualTo(cluster.path("shards").asInt()).isPositive();
    JsonNode load = cluster.path("load");
    assertThat(load.path("eventsAccepted").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(load.path("eventsPerSecond").asDouble()).isPositive();
    JsonNode recs = load.path("recommendations");
    assertThat(recs.path("count").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(recs.path("p50Millis").asDouble()).isPositive()
        .isLessThanOrEqualTo(recs.path("p99Millis").asDouble());
    assertThat(recs.path("meanMillis").asDouble()).isPositive();
  }
}
