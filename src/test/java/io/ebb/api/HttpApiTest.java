package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the HTTP API over real HTTP, with the real journal, catalog and embedding model behind it. */
class HttpApiTest {

  private static EbbNode node;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    http = new Http(node.httpPort());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String event(String userId, String itemId, String type) {
    return Http.json(Map.of("userId", userId, "itemId", itemId, "type", type));
  }

  private static void assertInvalid(Http.Response r, String field) {
    assertThat(r.status()).as("status of %s", r.body()).isEqualTo(400);
    assertThat(r.body().path("error").asText()).isEqualTo("invalid_request");
    assertThat(r.body().path("message").asText()).isNotBlank();
    if (field == null) {
      assertThat(r.body().has("field")).isFalse();
    } else {
      assertThat(r.body().path("field").asText()).isEqualTo(field);
    }
  }

  // --- events: bad input ---

  @Test
  void anUnknownEventTypeIsRejectedNamingType() {
    assertInvalid(http.post("/v1/events", event("u-1", "m-1", "bogus")), "type");
    assertInvalid(http.post("/v1/events", "{\"type\": \"bogus\"}"), "type");
    assertInvalid(http.post("/v1/events", "{\"type\": \"rate\"}"), "value");
    assertInvalid(http.post("/v1/events", "{\"type\": \"view\"}"), "userId");
    assertInvalid(http.post("/v1/events", "{\"userId\": \"u-1\", \"itemId\": \"m-1\", \"type\": \"bogus\"}"), "type");
  }

  @Test
  void aRatingWithoutValueOrOutOfRangeIsRejectedNamingValue() {
    assertInvalid(http.post("/v1/events", event("u-1", "m-1", "rate")), "value");
    assertInvalid(
        http.post("/v1/events", Http.json(Map.of("userId", "u-1", "itemId", "m-1", "type", "rate", "value", 7))),
        "value");
    assertInvalid(
        http.post("/v1/events", Http.json(Map.of("userId", "u-1", "itemId", "m-1", "type", "rate", "value", "4"))),
        "value");
  }

  @Test
  void missingOrMalformedFieldsAreNamed() {
    assertInvalid(http.post("/v1/events", "{\"itemId\": \"m-1\", \"type\": \"view\"}"), "userId");
    assertInvalid(http.post("/v1/events", "{\"userId\": \"u-1\", \"type\": \"view\"}"), "itemId");
    assertInvalid(http.post("/v1/events", event("u 1", "m-1", "view")), "userId");
    assertInvalid(http.post("/v1/events", event("u-1", "x".repeat(129), "view")), "itemId");
    assertInvalid(
        http.post("/v1/events", Http.json(Map.of("userId", "u-1", "itemId", "m-1", "type", "view", "timestamp", "yesterday"))),
        "timestamp");
    String future = Instant.now().plus(1, ChronoUnit.DAYS).toString();
    assertInvalid(
        http.post("/v1/events", Http.json(Map.of("userId", "u-1", "itemId", "m-1", "type", "view", "timestamp", future))),
        "timestamp");
    assertInvalid(
        http.post(
            "/v1/events",
            Http.json(Map.of("userId", "u-1", "itemId", "m-1", "type", "view", "context", Map.of("device", List.of(1))))),
        "context.device");
  }

  @Test
  void malformedJsonIsA400NotA500() {
    assertInvalid(http.post("/v1/events", "{\"userId\": "), null);
    assertInvalid(http.post("/v1/events", "[1, 2]"), null);
    assertInvalid(http.post("/v1/events", ""), null);
  }

  @Test
  void aBatchIsValidatedAllOrNothingNamingTheIndex() {
    String userId = unique("u-batch");
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(Map.of("userId", userId, "itemId", "m-1", "type", "view"));
    events.add(Map.of("userId", userId, "itemId", "m-2", "type", "view"));
    events.add(Map.of("userId", userId, "itemId", "m-3", "type", "bogus"));
    assertInvalid(http.post("/v1/events/batch", Http.json(Map.of("events", events))), "events[2].type");
    assertThat(http.get("/v1/users/" + userId + "/interests").status()).isEqualTo(404); // nothing was applied
  }

  @Test
  void oversizedRequestsAre413() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      events.add(Map.of("userId", "u-big", "itemId", "m-" + i, "type", "view"));
    }
    Http.Response tooMany = http.post("/v1/events/batch", Http.json(Map.of("events", events)));
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.body().path("error").asText()).isEqualTo("too_large");

    String huge = Http.json(Map.of("userId", "u-1", "itemId", "m-1", "type", "view", "pad", "x".repeat(1_100_000)));
    Http.Response tooBig = http.post("/v1/events", huge);
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.body().path("error").asText()).isEqualTo("too_large");
  }

  @Test
  void badQueryParametersAreNamed() {
    assertInvalid(http.get("/v1/users/u-1/recommendations?limit=0"), "limit");
    assertInvalid(http.get("/v1/users/u-1/recommendations?limit=ten"), "limit");
    assertInvalid(http.get("/v1/items/m-1/similar?limit=100000"), "limit");
  }

  // --- events: acknowledged once journalled, idempotent by eventId ---

  @Test
  void anEventIsAcceptedAndAResentEventIdIsNotCountedTwice() {
    String userId = unique("u-dup");
    String body = Http.json(Map.of("eventId", "e-123", "userId", userId, "itemId", "m-42", "type", "view"));

    Http.Response first = http.post("/v1/events", body);
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.body().path("eventId").asText()).isEqualTo("e-123");
    assertThat(first.body().path("userId").asText()).isEqualTo(userId);
    assertThat(first.body().path("accepted").asBoolean()).isTrue();

    Http.Response again = http.post("/v1/events", body);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body().path("accepted").asBoolean()).isTrue();
    assertThat(http.get("/v1/users/" + userId + "/interests").body().path("eventCount").asLong()).isEqualTo(1);
  }

  @Test
  void anEventWithoutIdGetsOne() {
    Http.Response r = http.post("/v1/events", event(unique("u-noid"), "m-1", "click"));
    assertThat(r.status()).isEqualTo(202);
    assertThat(UUID.fromString(r.body().path("eventId").asText())).isNotNull();
  }

  @Test
  void aBatchCountsAcceptedAndDuplicates() {
    String a = unique("u-a");
    String b = unique("u-b");
    List<Map<String, Object>> events =
        List.of(
            Map.of("eventId", "1", "userId", a, "itemId", "m-1", "type", "view"),
            Map.of("eventId", "2", "userId", b, "itemId", "m-2", "type", "purchase"),
            Map.of("eventId", "1", "userId", a, "itemId", "m-1", "type", "view"),
            Map.of("eventId", "3", "userId", a, "itemId", "m-3", "type", "rate", "value", 4.5));
    Http.Response r = http.post("/v1/events/batch", Http.json(Map.of("events", events)));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body().path("accepted").asInt()).isEqualTo(3);
    assertThat(r.body().path("duplicates").asInt()).isEqualTo(1);
    assertThat(http.get("/v1/users/" + a + "/interests").body().path("eventCount").asLong()).isEqualTo(2);
  }

  // --- catalog ---

  @Test
  void itemsAreStoredEmbeddedAndSimilar() {
    String heat = unique("heat");
    String ronin = unique("ronin");
    String chef = unique("chef");
    Http.Response put =
        http.put(
            "/v1/items/" + heat,
            Http.json(
                Map.of(
                    "title", "Heat",
                    "description", "A crime saga: a detective hunts a crew of professional bank robbers in Los Angeles.",
                    "tags", List.of("crime", "thriller"),
                    "attributes", Map.of("year", 1995))));
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().path("itemId").asText()).isEqualTo(heat);
    assertThat(put.body().path("tags").get(1).asText()).isEqualTo("thriller");
    assertThat(put.body().path("attributes").path("year").asInt()).isEqualTo(1995);

    Http.Response bulk =
        http.post(
            "/v1/items",
            Http.json(
                Map.of(
                    "items",
                    List.of(
                        Map.of("itemId", ronin, "title", "Ronin", "description", "Mercenaries plan a heist and car chases in Paris.", "tags", List.of("crime", "action")),
                        Map.of("itemId", chef, "title", "Kitchen Stories", "description", "A documentary about a sushi chef and his restaurant kitchen in Tokyo.", "tags", List.of("documentary", "food"))))));
    assertThat(bulk.status()).isEqualTo(200);
    assertThat(bulk.body().path("upserted").asInt()).isEqualTo(2);

    Http.Response got = http.get("/v1/items/" + ronin);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body().path("title").asText()).isEqualTo("Ronin");

    Http.Response similar = http.get("/v1/items/" + heat + "/similar?limit=50");
    assertThat(similar.status()).isEqualTo(200);
    List<String> order = new ArrayList<>();
    similar.body().path("items").forEach(i -> order.add(i.path("itemId").asText()));
    assertThat(order).doesNotContain(heat).contains(ronin, chef);
    assertThat(order.indexOf(ronin)).isLessThan(order.indexOf(chef));
  }

  @Test
  void badItemsAreRejectedNamingTheField() {
    assertInvalid(http.put("/v1/items/m-x", "{\"description\": \"no title\"}"), "title");
    assertInvalid(http.put("/v1/items/m-x", "{\"title\": \"T\", \"tags\": \"crime\"}"), "tags");
    assertInvalid(http.put("/v1/items/bad%20id", "{\"title\": \"T\"}"), "itemId");
    assertInvalid(http.post("/v1/items", "{\"items\": [{\"itemId\": \"a\", \"title\": \"A\"}, {\"title\": \"B\"}]}"), "items[1].itemId");
    assertThat(http.get("/v1/items/" + unique("nope")).status()).isEqualTo(404);
    assertThat(http.get("/v1/items/" + unique("nope") + "/similar").status()).isEqualTo(404);
  }

  // --- users ---

  @Test
  void anUnknownUserHasNoInterestsButGetsRecommendations() {
    String userId = unique("u-new");
    Http.Response interests = http.get("/v1/users/" + userId + "/interests");
    assertThat(interests.status()).isEqualTo(404);
    assertThat(interests.body().path("error").asText()).isEqualTo("not_found");

    Http.Response recs = http.get("/v1/users/" + userId + "/recommendations?limit=5");
    assertThat(recs.status()).isEqualTo(200);
    assertThat(recs.body().path("userId").asText()).isEqualTo(userId);
    assertThat(recs.body().path("items").isArray()).isTrue();
    recs.body().path("items").forEach(i -> assertThat(i.path("reasons").get(0).asText()).isIn("popular", "new in catalog"));
    assertThat(Instant.parse(recs.body().path("generatedAt").asText())).isNotNull();
  }

  @Test
  void forgettingAUserRemovesItsEvents() {
    String userId = unique("u-forget");
    assertThat(http.post("/v1/events", event(userId, "m-1", "view")).status()).isEqualTo(202);
    assertThat(http.get("/v1/users/" + userId + "/interests").status()).isEqualTo(200);

    assertThat(http.delete("/v1/users/" + userId).status()).isEqualTo(204);

    assertThat(http.get("/v1/users/" + userId + "/interests").status()).isEqualTo(404);
    assertThat(io.ebb.testing.TestCassandra.get().journalRows("UserInterest|" + userId)).isZero();
  }

  @Test
  void healthReportsReady() {
    assertThat(http.get("/health/alive").status()).isEqualTo(200);
    Http.Response ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body().path("status").asText()).isEqualTo("ready");
  }

  @Test
  void metricsCountEventsRejectionsRecommendationsAndEntities() {
    String user = unique("metrics");
    double acceptedBefore = metric("ebb_events_accepted_total{channel=\"http\"}");
    double rejectedBefore = metric("ebb_events_rejected_total{channel=\"http\",status=\"400\"}");
    double listsBefore = metric("ebb_recommendations_seconds_count{channel=\"http\"}");

    assertThat(http.post("/v1/events", event(user, "m-1", "view")).status()).isEqualTo(202);
    assertInvalid(http.post("/v1/events", event(user, "m-1", "bogus")), "type");
    assertThat(http.get("/v1/users/" + user + "/recommendations").status()).isEqualTo(200);

    Http.Text scrape = http.getText("/metrics");
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.contentType()).startsWith("text/plain");
    assertThat(metric("ebb_events_accepted_total{channel=\"http\"}")).isEqualTo(acceptedBefore + 1);
    assertThat(metric("ebb_events_rejected_total{channel=\"http\",status=\"400\"}")).isEqualTo(rejectedBefore + 1);
    assertThat(metric("ebb_recommendations_seconds_count{channel=\"http\"}")).isEqualTo(listsBefore + 1);
    assertThat(metric("ebb_entities_active")).isGreaterThanOrEqualTo(1);
    assertThat(scrape.body()).contains("ebb_recommendations_seconds_bucket{", "jvm_memory_used_bytes");
  }

  /** The value of one sample line of {@code /metrics}, 0 when the series does not exist yet. */
  private static double metric(String series) {
    for (String line : http.getText("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0.0;
  }

  @Test
  void unknownPathsAndMethodsAnswerJson() {
    Http.Response missing = http.get("/v1/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("error").asText()).isEqualTo("not_found");
    Http.Response method = http.delete("/v1/events");
    assertThat(method.status()).isEqualTo(405);
    JsonNode body = method.body();
    assertThat(body.path("error").asText()).isEqualTo("method_not_allowed");
  }
}
