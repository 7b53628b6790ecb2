package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every limit of the contract at its edge, over real HTTP: the largest accepted value is accepted, one more is a
 * 400 naming the field (or a 413 for sizes), and nothing of a refused request is stored.
 */
class InputLimitsTest {

  private static EbbNode node;
  private static FuzzClient http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    http = new FuzzClient(node.httpPort());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String user() {
    return "lim-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> event(String userId) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("userId", userId);
    e.put("itemId", "m-1");
    e.put("type", "view");
    return e;
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  private static FuzzClient.Answer postEvent(Object body) {
    return http.post("/v1/events", Fuzz.utf8(Http.json(body)));
  }

  private static FuzzClient.Answer postEventText(String json) {
    return http.post("/v1/events", Fuzz.utf8(json));
  }

  private static void assertRejected(FuzzClient.Answer a, int status, String field) {
    assertThat(a.status()).as(a.clipped()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(a.json().path("error").asText()).isEqualTo(status == 413 ? "too_large" : "invalid_request");
    assertThat(a.json().path("message").asText()).isNotBlank();
    if (field == null) {
      assertThat(a.json().has("field")).as(a.clipped()).isFalse();
    } else {
      assertThat(a.json().path("field").asText()).as(a.clipped()).isEqualTo(field);
    }
  }

  private static void assertAccepted(FuzzClient.Answer a) {
    assertThat(a.status()).as(a.clipped()).isEqualTo(202);
  }

  private static void assertUnknown(String userId) {
    assertThat(http.get("/v1/users/" + userId + "/interests").status()).as("%s was stored", userId).isEqualTo(404);
  }

  private static String repeat(String s, int n) {
    return s.repeat(n);
  }

  // --- ids ------------------------------------------------------------------------------------------------------

  @Test
  void idsAreAtMost128CharactersOfTheAlphabet() {
    String longest = "u" + repeat("x", 127);
    assertAccepted(postEvent(event(longest)));
    assertRejected(postEvent(event(longest + "x")), 400, "userId");
    assertRejected(postEvent(with(event(user()), "itemId", "m\u00e9")), 400, "itemId");
    assertRejected(postEvent(with(event(user()), "eventId", "e 1")), 400, "eventId");
    assertRejected(http.get("/v1/items/bad%20id"), 400, "itemId");
    assertRejected(http.get("/v1/items/" + repeat("i", 129) + "/similar"), 400, "itemId");
    assertRejected(http.get("/v1/users/%F0%9F%98%80/interests"), 400, "userId");
    assertRejected(http.delete("/v1/users/a%2Fb"), 400, "userId");
  }

  // --- items ----------------------------------------------------------------------------------------------------

  @Test
  void itemTextIsBoundedInCharactersNotBytes() {
    String id = "lim-item-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("title", repeat("\ud83c\udfac", 1000)); // 1,000 emoji: 2,000 UTF-16 units, 4,000 bytes
    item.put("description", repeat("d", 20_000));
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      tags.add(i + repeat("t", 99 - String.valueOf(i).length()));
    }
    item.put("tags", tags);
    assertThat(http.put("/v1/items/" + id, Fuzz.utf8(Http.json(item))).status()).isEqualTo(200);

    assertRejected(putItem(with(item, "title", repeat("\ud83c\udfac", 1001))), 400, "title");
    assertRejected(putItem(with(item, "title", " \t")), 400, "title");
    assertRejected(putItem(with(item, "description", repeat("d", 20_001))), 400, "description");
    List<String> tooMany = new ArrayList<>(tags);
    tooMany.add("one-more");
    assertRejected(putItem(with(item, "tags", tooMany)), 400, "tags");
    List<String> tooLong = new ArrayList<>(tags.subList(0, 3));
    tooLong.add(repeat("t", 101));
    assertRejected(putItem(with(item, "tags", tooLong)), 400, "tags[3]");
    assertRejected(http.put("/v1/items/" + id, Fuzz.utf8("{\"title\": \"T\", \"attributes\": {\"year\": 1e999}}")),
        400, "attributes.year");
  }

  private static FuzzClient.Answer putItem(Map<String, Object> item) {
    String id = "lim-item-" + UUID.randomUUID().toString().substring(0, 8);
    FuzzClient.Answer a = http.put("/v1/items/" + id, Fuzz.utf8(Http.json(item)));
    assertThat(http.get("/v1/items/" + id).status()).as("a refused item is not stored").isEqualTo(404);
    return a;
  }

  // --- events ---------------------------------------------------------------------------------------------------

  @Test
  void contextHoldsAtMost32EntriesOfBoundedKeysAndValues() {
    Map<String, Object> context = new LinkedHashMap<>();
    for (int i = 0; i < 31; i++) {
      context.put("k" + i, "v");
    }
    context.put(repeat("k", 64), repeat("v", 256));
    assertAccepted(postEvent(with(event(user()), "context", context)));

    Map<String, Object> tooMany = new LinkedHashMap<>(context);
    tooMany.put("k-33", "v");
    assertRejected(postEvent(with(event(user()), "context", tooMany)), 400, "context");
    assertRejected(postEvent(with(event(user()), "context", Map.of(repeat("k", 65), "v"))), 400,
        "context." + repeat("k", 64) + "…");
    assertRejected(postEvent(with(event(user()), "context", Map.of("device", repeat("v", 257)))), 400,
        "context.device");
    assertRejected(postEvent(with(event(user()), "context", Map.of("", "v"))), 400, "context.");
    assertRejected(postEvent(with(event(user()), "context", List.of("device"))), 400, "context");
  }

  @Test
  void timestampsRunFrom1970ToFiveMinutesAhead() {
    assertAccepted(postEvent(with(event(user()), "timestamp", "1970-01-01T00:00:00Z")));
    assertAccepted(postEvent(with(event(user()), "timestamp", Instant.now().plus(Duration.ofMinutes(4)).toString())));
    String early = user();
    assertRejected(postEvent(with(event(early), "timestamp", "1969-12-31T23:59:59Z")), 400, "timestamp");
    assertRejected(postEvent(with(event(user()), "timestamp", Instant.now().plus(Duration.ofMinutes(6)).toString())),
        400, "timestamp");
    assertRejected(postEvent(with(event(user()), "timestamp", "-999999999-01-01T00:00:00Z")), 400, "timestamp");
    assertRejected(postEvent(with(event(user()), "timestamp", 1700000000)), 400, "timestamp");
    assertUnknown(early);
  }

  @Test
  void numbersAreFiniteInEveryField() {
    String u = user();
    String base = "{\"userId\": \"" + u + "\", \"itemId\": \"m-1\", \"type\": \"rate\", ";
    assertRejected(postEventText(base + "\"value\": 1e999}"), 400, "value");
    assertRejected(postEventText(base + "\"value\": 4, \"context\": {\"temp\": -1e999}}"), 400, "context.temp");
    assertRejected(postEventText(base + "\"value\": 4, \"extra\": [1, 2E400]}"), 400, "extra[1]");
    for (String literal : List.of("NaN", "Infinity", "-Infinity")) {
      assertRejected(postEventText(base + "\"value\": " + literal + "}"), 400, null);
    }
    assertRejected(postEventText(base + "\"value\": " + "9".repeat(1001) + "}"), 400, null);
    assertUnknown(u);
    assertAccepted(postEventText(base + "\"value\": 4.5e0, \"extra\": 1e-400}"));
  }

  // --- JSON itself ----------------------------------------------------------------------------------------------

  @Test
  void jsonIsNestedAtMost32Deep() {
    // The body object is level 1: "extra" holds 31 more levels, the most allowed.
    String ok = "{\"userId\": \"" + user() + "\", \"itemId\": \"m-1\", \"type\": \"view\", \"extra\": "
        + "[".repeat(31) + "]".repeat(31) + "}";
    assertAccepted(postEventText(ok));
    String u = user();
    String deep = "{\"userId\": \"" + u + "\", \"itemId\": \"m-1\", \"type\": \"view\", \"extra\": "
        + "[".repeat(32) + "]".repeat(32) + "}";
    assertRejected(postEventText(deep), 400, null);
    assertRejected(postEventText("[".repeat(100_000)), 400, null);
    assertUnknown(u);
  }

  @Test
  void aKeyTwiceGarbageAfterTheValueAndBrokenTextAre400() {
    String u = user();
    assertRejected(
        postEventText("{\"userId\": \"" + u + "\", \"userId\": \"other\", \"itemId\": \"m-1\", \"type\": \"view\"}"),
        400, "userId");
    assertRejected(postEventText("{\"userId\": \"" + u + "\", \"itemId\": \"m-1\", \"type\": \"view\", "
        + "\"context\": {\"device\": \"a\", \"device\": \"b\"}}"), 400, "context.device");
    assertRejected(postEventText("{\"userId\": \"" + u + "\", \"itemId\": \"m-1\", \"type\": \"view\"} {}"), 400, null);
    assertRejected(postEventText("{\"userId\": \"" + u + "\", \"itemId\": \"m-1\", \"type\": \"v\u0001\"}"), 400, null);
    assertRejected(postEventText("{\"userId\": \"" + u + "\", \"itemId\": \"m-1\", \"type\": \"view\", "
        + "\"context\": {\"device\": \"\\ud800\"}}"), 400, "context.device");

    ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
    notUtf8.writeBytes(Fuzz.utf8("{\"userId\": \"" + u + "\", \"itemId\": \"m-"));
    notUtf8.write(0xC3); // a lead byte followed by an ASCII byte
    notUtf8.writeBytes(Fuzz.utf8("1\", \"type\": \"view\"}"));
    assertRejected(http.post("/v1/events", notUtf8.toByteArray()), 400, null);
    assertRejected(http.post("/v1/events/batch", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x7B}), 400, null);
    assertUnknown(u);
  }

  // --- sizes ----------------------------------------------------------------------------------------------------

  @Test
  void aBatchHoldsAtMost1000EventsAndABulkUpsertAtMost10000Items() {
    String u = user();
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      events.add(with(event(u), "eventId", "e-" + i));
    }
    FuzzClient.Answer full = http.post("/v1/events/batch", Fuzz.utf8(Http.json(Map.of("events", events))));
    assertThat(full.status()).as(full.clipped()).isEqualTo(202);
    assertThat(full.json().path("accepted").asInt()).isEqualTo(1000);

    String v = user();
    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(event(v));
    }
    assertRejected(http.post("/v1/events/batch", Fuzz.utf8(Http.json(Map.of("events", tooMany)))), 413, "events");
    assertUnknown(v);

    List<Object> items = new ArrayList<>();
    for (int i = 0; i < 10_001; i++) {
      items.add(Map.of("itemId", "lim-bulk-" + i, "title", "T"));
    }
    assertRejected(http.post("/v1/items", Fuzz.utf8(Http.json(Map.of("items", items)))), 413, "items");
    assertThat(http.get("/v1/items/lim-bulk-0").status()).isEqualTo(404);
  }

  private static byte[] start(byte[] body) {
    return java.util.Arrays.copyOf(body, 64 * 1024);
  }

  @Test
  void bodiesOverTheirLimitAre413AndTheConnectionStaysUsable() {
    String u = user();
    byte[] justOver = Fuzz.utf8(Http.json(with(event(u), "pad", repeat("x", 1024 * 1024))));
    // Refused by the declared length, before the body is all sent (see FuzzClient.sendDeclared).
    assertRejected(http.sendDeclared("POST", "/v1/events", justOver.length, start(justOver)), 413, null);
    assertRejected(http.sendDeclared("PUT", "/v1/items/lim-big", justOver.length, start(justOver)), 413, null);
    // The bulk endpoints take 32 MiB: the same body is fine there as far as size goes.
    assertThat(http.post("/v1/events/batch", justOver).status()).isEqualTo(400);

    byte[] over32 = Fuzz.utf8("{\"events\": [], \"pad\": \"" + repeat(" ", 64 * 1024));
    assertRejected(http.sendDeclared("POST", "/v1/events/batch", 32L * 1024 * 1024 + 100, over32), 413, null);
    assertUnknown(u);
    assertAccepted(postEvent(event(user())));
    assertThat(http.get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  void anEventFrameOverTheBodyLimitIsAnsweredAndTheSocketStaysOpen() {
    try (WsClient ws = WsClient.open(node.httpPort(), "/ws/v1/events")) {
      ws.send(Http.json(with(event(user()), "pad", repeat("\u00e9", 600_000)))); // 1.2 MB of UTF-8, 600k chars
      JsonNode tooLarge = ws.next(FuzzClient.PATIENCE);
      assertThat(tooLarge.path("accepted").asBoolean()).isFalse();
      assertThat(tooLarge.path("error").asText()).isEqualTo("too_large");
      ws.send(Http.json(with(event(user()), "eventId", "e-after")));
      assertThat(ws.next(FuzzClient.PATIENCE).path("accepted").asBoolean()).isTrue();
    }
  }

  // --- query parameters -----------------------------------------------------------------------------------------

  @Test
  void recommendationQueriesHaveTheLimitsOfABody() {
    String path = "/v1/users/" + user() + "/recommendations";
    assertThat(http.get(path + "?limit=100&includeSeen=TRUE&exclude=m-1,%20m-2,,&context.device=mobile").status())
        .isEqualTo(200);
    assertRejected(http.get(path + "?limit=%2B5"), 400, "limit");
    assertRejected(http.get(path + "?limit=%D9%A3"), 400, "limit");
    assertRejected(http.get(path + "?includeSeen=yes"), 400, "includeSeen");
    assertRejected(http.get(path + "?exclude=m-1,bad%20id"), 400, "exclude");
    assertRejected(http.get(path + "?context.device=" + repeat("v", 257)), 400, "context.device");
    assertRejected(http.get(path + "?context." + repeat("k", 65) + "=v"), 400, "context." + repeat("k", 64) + "…");
    StringBuilder many = new StringBuilder("?");
    for (int i = 0; i < 33; i++) {
      many.append("context.k").append(i).append("=v&");
    }
    assertRejected(http.get(path + many), 400, "context");
    FuzzClient.Answer socket = http.webSocket("/ws" + path + "?exclude=%C3%A9");
    assertRejected(socket, 400, "exclude");
  }
}
