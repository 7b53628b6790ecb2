package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.api.FuzzCases.Case;
import io.ebb.api.FuzzCases.Expect;
import io.ebb.api.FuzzCases.Query;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of every endpoint and both WebSockets, over real HTTP against a whole node on the real
 * journal: random and adversarial inputs ({@link FuzzCases}), each checked against what the contract says it must
 * get. Whatever comes in, the answer is a 2xx only for a valid request and otherwise a 4xx with a JSON body naming
 * the error (and the field at fault, when one is); never a 5xx; a rejected write stores nothing; a bad frame is
 * answered and its socket stays open; and afterwards the node still takes a good event and is ready.
 *
 * <p>Each property draws its inputs from its own seed, derived from one seed per run (printed, with the number
 * of inputs tried, at the end). {@code -Debb.fuzz.seed=N} replays a run; {@code -Debb.fuzz.scale=4} tries four
 * times as many inputs.
 */
class ApiFuzzTest {

  private static final long SEED = Long.getLong("ebb.fuzz.seed", System.nanoTime());
  private static final double SCALE = Double.parseDouble(System.getProperty("ebb.fuzz.scale", "1"));

  /** Per property: answers by status. */
  private static final Map<String, Map<Integer, AtomicInteger>> TALLY = new ConcurrentHashMap<>();

  private static EbbNode node;
  private static FuzzClient http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    http = new FuzzClient(node.httpPort());
  }

  @AfterAll
  static void stop() {
    int total = 0;
    StringBuilder report = new StringBuilder();
    for (var e : new TreeMap<>(TALLY).entrySet()) {
      int n = e.getValue().values().stream().mapToInt(AtomicInteger::get).sum();
      total += n;
      report.append("\n[fuzz]   ").append(e.getKey()).append(": ").append(n).append(" inputs, by status ")
          .append(new TreeMap<>(e.getValue()));
    }
    System.out.println("[fuzz] " + total + " inputs tried, seed " + SEED + " (-Debb.fuzz.seed=" + SEED
        + " replays)" + report);
    if (node != null) {
      node.close();
    }
  }

  // --- bodies ---------------------------------------------------------------------------------------------------

  @Test
  void singleEvents() {
    forAll("POST /v1/events", 300, (cases, tally) -> {
      Case c = cases.event();
      FuzzClient.Answer a = http.post("/v1/events", c.body());
      tally.accept(a.status(), c);
      check(c, a, 202);
      String user = c.userIds().get(0);
      assertThat(http.get("/v1/users/" + user + "/interests").status())
          .as("%s stored only if accepted: %s", user, c.what())
          .isEqualTo(a.status() == 202 ? 200 : 404);
    });
  }

  @Test
  void batches() {
    forAll("POST /v1/events/batch", 200, (cases, tally) -> {
      Case c = cases.batch();
      FuzzClient.Answer a = http.post("/v1/events/batch", c.body());
      tally.accept(a.status(), c);
      check(c, a, 202);
      if (a.status() == 202) {
        int events = Fuzz.JSON.readTree(c.body()).path("events").size();
        assertThat(a.json().path("accepted").asInt() + a.json().path("duplicates").asInt())
            .as("events counted: %s", c.what()).isEqualTo(events);
      } else {
        for (String user : c.userIds()) {
          assertThat(http.get("/v1/users/" + user + "/interests").status())
              .as("nothing of %s stored for %s", c.what(), user).isEqualTo(404);
        }
      }
    });
  }

  @Test
  void items() {
    forAll("PUT /v1/items/{id}", 200, (cases, tally) -> {
      FuzzCases.ItemCase item = cases.item();
      FuzzClient.Answer a = http.put("/v1/items/" + FuzzCases.segment(item.itemId()), item.body().body());
      tally.accept(a.status(), item.body());
      check(item.body(), a, 200);
      if (item.body().expect().valid()) {
        assertThat(a.json().path("itemId").asText()).isEqualTo(item.itemId());
      } else if (Fields.isId(item.itemId())) {
        assertThat(http.get("/v1/items/" + item.itemId()).status()).as("a rejected item is not stored").isEqualTo(404);
      }
    });
  }

  @Test
  void bulkItems() {
    forAll("POST /v1/items", 150, (cases, tally) -> {
      Case c = cases.bulk();
      FuzzClient.Answer a = http.post("/v1/items", c.body());
      tally.accept(a.status(), c);
      check(c, a, 200);
    });
  }

  @Test
  void randomBytes() {
    List<String[]> endpoints =
        List.of(
            new String[] {"POST", "/v1/events"},
            new String[] {"POST", "/v1/events/batch"},
            new String[] {"POST", "/v1/items"},
            new String[] {"PUT", "/v1/items/fz-bytes"});
    forAll("random bytes to every body endpoint", 300, (cases, tally) -> {
      Fuzz f = cases.fuzz();
      String[] endpoint = f.oneOf(endpoints);
      Case c = new Case("random bytes", f.bytes(f.chance(0.9) ? 200 : 5000), Expect.unknown(), List.of());
      FuzzClient.Answer a = endpoint[0].equals("POST") ? http.post(endpoint[1], c.body()) : http.put(endpoint[1],
          c.body());
      tally.accept(a.status(), c);
      check(c, a, 0);
    });
  }

  // --- reads, path ids and query parameters ----------------------------------------------------------------------

  @Test
  void readsAndDeletesWithOddIdsAndParameters() {
    forAll("GET/DELETE with odd path ids and query parameters", 300, (cases, tally) -> {
      Fuzz f = cases.fuzz();
      String id = cases.pathId();
      boolean idOk = Fields.isId(id);
      String segment = FuzzCases.segment(id);
      Case c;
      FuzzClient.Answer a;
      switch (f.between(0, 4)) {
        case 0 -> {
          Query q = cases.recommendationQuery();
          a = http.get("/v1/users/" + segment + "/recommendations" + q.text());
          c = queryCase("recommendations of " + id + q.text(), idOk, "userId", q);
          if (a.status() == 200) {
            assertThat(a.json().path("userId").asText()).isEqualTo(id);
            assertThat(a.json().path("items").isArray()).isTrue();
          }
        }
        case 1 -> {
          a = http.get("/v1/users/" + segment + "/interests");
          c = readCase("interests of " + id, idOk, "userId", List.of(200, 404));
        }
        case 2 -> {
          a = http.get("/v1/items/" + segment);
          c = readCase("item " + id, idOk, "itemId", List.of(200, 404));
        }
        case 3 -> {
          Query q = cases.limitQuery();
          a = http.get("/v1/items/" + segment + "/similar" + q.text());
          c = q.bad().isEmpty() ? readCase("similar to " + id + q.text(), idOk, "itemId", List.of(200, 404))
              : queryCase("similar to " + id + q.text(), idOk, "itemId", q);
        }
        default -> {
          a = http.delete("/v1/users/" + segment);
          c = readCase("delete " + id, idOk, "userId", List.of(204));
        }
      }
      c = unlessDotSegment(id, c);
      tally.accept(a.status(), c);
      check(c, a, a.status());
      if (c.expect().valid() && c.what().startsWith("delete")) {
        assertThat(a.status()).isEqualTo(204);
      }
    });
  }

  /**
   * "." and ".." are ids by the pattern, but as path segments they are dot segments, which the server resolves
   * away even percent-encoded (RFC 3986, 5.2.4): the request reaches another route, which must still answer JSON.
   */
  private static Case unlessDotSegment(String id, Case c) {
    return id.equals(".") || id.equals("..")
        ? new Case(c.what() + " (a dot segment)", c.body(), Expect.unknown(), c.userIds())
        : c;
  }

  /** A read whose only possible fault is its path id; otherwise any of {@code okStatuses}. */
  private static Case readCase(String what, boolean idOk, String idField, List<Integer> okStatuses) {
    return new Case(what + " (expecting " + okStatuses + ")", new byte[0], idOk ? Expect.ok() : Expect.bad(idField),
        List.of());
  }

  private static Case queryCase(String what, boolean idOk, String idField, Query q) {
    Expect expect;
    if (!idOk) {
      expect = Expect.bad(idField);
    } else if (q.ambiguous()) {
      expect = Expect.unknown();
    } else if (q.bad().isEmpty()) {
      expect = Expect.ok();
    } else {
      expect = Expect.badOneOf(q.bad());
    }
    return new Case(what, new byte[0], expect, List.of());
  }

  // --- WebSockets -----------------------------------------------------------------------------------------------

  @Test
  void eventSocketAnswersEveryFrameAndStaysOpen() {
    try (WsClient ws = WsClient.open(node.httpPort(), "/ws/v1/events")) {
      forAll("WS /ws/v1/events frames", 300, (cases, tally) -> {
        Case c = cases.event();
        String text = strictUtf8(c.body());
        if (text == null) {
          ws.sendBinary(c.body());
          c = new Case(c.what() + " (not UTF-8: sent as a binary frame)", c.body(), Expect.bad(null), c.userIds());
        } else {
          ws.send(text);
        }
        JsonNode answer = ws.next(FuzzClient.PATIENCE);
        tally.accept(answer.path("accepted").asBoolean() ? 202 : c.expect().status(), c);
        checkFrameAnswer(c, answer);
        assertThat(ws.isOpen()).as("socket open after %s", c.what()).isTrue();
      });
      ws.send(goodEvent("fz-ws-after"));
      assertThat(ws.next(FuzzClient.PATIENCE).path("accepted").asBoolean()).isTrue();
    }
  }

  @Test
  void recommendationSocketChecksItsQueryBeforeTheUpgrade() {
    forAll("WS /ws/v1/users/{id}/recommendations handshakes", 150, (cases, tally) -> {
      String id = cases.pathId();
      Query q = cases.recommendationQuery();
      FuzzClient.Answer a =
          http.webSocket("/ws/v1/users/" + FuzzCases.segment(id) + "/recommendations" + q.text());
      Case c = unlessDotSegment(id, queryCase("socket for " + id + q.text(), Fields.isId(id), "userId", q));
      tally.accept(a.status(), c);
      if (a.status() == 101) {
        assertThat(c.expect().status()).as("upgraded: %s", c.what()).isIn(0, -1);
        assertThat(a.json()).as("first list of %s", c.what()).isNotNull();
        assertThat(a.json().path("userId").asText()).isEqualTo(id);
      } else {
        check(c, a, 101);
      }
    });
  }

  // --- checks ---------------------------------------------------------------------------------------------------

  /** The answer {@code a} is what {@code c} expects; {@code okStatus} is the status of a valid request. */
  private static void check(Case c, FuzzClient.Answer a, int okStatus) {
    String what = c.what() + ": " + c.text() + " -> " + a.clipped();
    assertThat(a.status()).as("never a 5xx: %s", what).isLessThan(500);
    Expect e = c.expect();
    if (e.status() == -1) {
      if (a.status() >= 300) {
        assertError(a, Set.of(), true, what);
      }
      return;
    }
    if (e.valid()) {
      assertThat(a.status()).as("a valid request is served: %s", what).isEqualTo(okStatus);
      return;
    }
    assertThat(a.status()).as("status of %s", what).isEqualTo(e.status());
    assertError(a, e.fields(), e.anyField(), what);
  }

  private static void assertError(FuzzClient.Answer a, Set<String> fields, boolean anyField, String what) {
    assertThat(a.contentType()).as("content type of %s", what).startsWith("application/json");
    assertThat(a.json()).as("JSON body of %s", what).isNotNull();
    assertThat(a.json().path("error").asText()).as("error of %s", what).isNotBlank();
    assertThat(a.json().path("message").asText()).as("message of %s", what).isNotBlank();
    if (a.status() == 400) {
      assertThat(a.json().path("error").asText()).as(what).isEqualTo("invalid_request");
    } else if (a.status() == 413) {
      assertThat(a.json().path("error").asText()).as(what).isEqualTo("too_large");
    }
    if (!anyField) {
      assertField(a.json(), fields, what);
    }
  }

  /** {@code expected}: the fields one of which the error may name; none: it names no field. */
  private static void assertField(JsonNode error, Set<String> expected, String what) {
    if (expected.isEmpty()) {
      assertThat(error.has("field")).as("no field in %s", what).isFalse();
    } else {
      assertThat(error.path("field").asText()).as("field of %s", what).isIn(expected);
    }
  }

  private static void checkFrameAnswer(Case c, JsonNode answer) {
    String what = c.what() + ": " + c.text() + " -> " + answer;
    Expect e = c.expect();
    if (e.valid()) {
      assertThat(answer.path("accepted").asBoolean()).as("accepted: %s", what).isTrue();
      return;
    }
    assertThat(answer.path("accepted").asBoolean()).as("rejected: %s", what).isFalse();
    assertThat(answer.path("error").asText()).as(what).isEqualTo(e.status() == 413 ? "too_large" : "invalid_request");
    assertThat(answer.path("message").asText()).as(what).isNotBlank();
    assertField(answer, e.fields(), what);
  }

  /** One input of a property: draws it from {@code cases}, sends it, tallies the answer's status, checks it. */
  @FunctionalInterface
  private interface Property {
    void accept(FuzzCases cases, BiConsumer<Integer, Case> tally) throws Exception;
  }

  /** Runs {@code tries} inputs, then checks that the node still takes a good event and is ready. */
  private static void forAll(String property, int tries, Property body) {
    Map<Integer, AtomicInteger> tally = TALLY.computeIfAbsent(property, p -> new ConcurrentHashMap<>());
    int n = (int) Math.max(1, Math.round(tries * SCALE));
    for (int i = 0; i < n; i++) {
      long seed = SEED * 31 + property.hashCode() * 1_000_003L + i;
      try {
        body.accept(new FuzzCases(new Fuzz(seed)),
            (status, c) -> tally.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet());
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            property + ", input " + (i + 1) + " of " + n + " (-Debb.fuzz.seed=" + SEED + "): " + e.getMessage(), e);
      }
    }
    FuzzClient.Answer good = http.post("/v1/events", Fuzz.utf8(goodEvent("fz-after")));
    assertThat(good.status()).as("a good event after %s: %s", property, good.clipped()).isEqualTo(202);
    assertThat(http.get("/health/ready").status()).as("ready after %s", property).isEqualTo(200);
  }

  private static String goodEvent(String userPrefix) {
    return Http.json(Map.of("userId", userPrefix + System.nanoTime(), "itemId", "m-1", "type", "view"));
  }

  /** The text of {@code bytes}, or null if they are not UTF-8. */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
