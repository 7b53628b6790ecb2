package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket endpoints with the JDK's WebSocket client, against a whole node on loopback. */
class WebSocketApiTest {

  private static final Duration ANSWER = Duration.ofSeconds(10);

  private static EbbNode node;
  private static Http http;
  private static int parallelism;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    http = new Http(node.httpPort());
    parallelism = node.system().settings().config().getInt("ebb.http.ws-events-parallelism");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String event(String eventId, String userId, String itemId) {
    return Http.json(Map.of("eventId", eventId, "userId", userId, "itemId", itemId, "type", "view"));
  }

  @Test
  void everyEventIsAcknowledgedInOrderOnceInTheJournal() {
    String run = unique("ws-order");
    try (WsClient ws = WsClient.open(node.httpPort(), "/ws/v1/events")) {
      for (int i = 0; i < 100; i++) {
        ws.send(event(run + "-e" + i, run + "-u" + (i % 10), "m-" + i));
      }
      for (int i = 0; i < 100; i++) {
        JsonNode ack = ws.next(ANSWER);
        assertThat(ack.path("eventId").asText()).isEqualTo(run + "-e" + i);
        assertThat(ack.path("accepted").asBoolean()).as("ack %s", ack).isTrue();
        assertThat(ack.path("userId").asText()).isEqualTo(run + "-u" + (i % 10));
      }
      // Acknowledged means persisted: the profile already counts them all.
      assertThat(http.get("/v1/users/" + run + "-u3/interests").body().path("eventCount").asLong()).isEqualTo(10);

      ws.send(event(run + "-e0", run + "-u0", "m-0"));
      JsonNode again = ws.next(ANSWER);
      assertThat(again.path("accepted").asBoolean()).isTrue();
      assertThat(again.path("duplicate").asBoolean()).isTrue();
    }
  }

  @Test
  void aFastClientIsBackPressuredAndEveryEventIsAcknowledgedInOrder() throws Exception {
    String run = unique("ws-fast");
    int events = 2000;
    WebSocketStats stats = WebSocketStats.get(node.system());
    try (WsClient ws = WsClient.open(node.httpPort(), "/ws/v1/events", false)) {
      // The client reads no answer while it sends: the server may hold only `parallelism` events in flight.
      AtomicInteger sent = new AtomicInteger();
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < events; i++) {
                  ws.send(event(run + "-e" + i, run + "-u" + (i % 300), "m-" + (i % 50)));
                  sent.incrementAndGet();
                }
              });
      int before = -1;
      while (!sending.isDone() && sent.get() != before) {
        before = sent.get();
        Thread.sleep(1500); // until everything is sent, or sending has stalled for 1.5 s
      }
      System.out.printf("[ws] sent %d of %d events before reading any answer (stalled: %s), max in flight %d%n",
          sent.get(), events, !sending.isDone(), stats.maxEventsInFlight());

      ws.startReading();
      long started = System.nanoTime();
      for (int i = 0; i < events; i++) {
        JsonNode ack = ws.next(ANSWER);
        assertThat(ack.path("eventId").asText()).isEqualTo(run + "-e" + i);
        assertThat(ack.path("accepted").asBoolean()).as("ack %s", ack).isTrue();
      }
      sending.get();
      System.out.printf("[ws] %d acks read in %d ms%n", events, (System.nanoTime() - started) / 1_000_000);
      assertThat(stats.maxEventsInFlight()).isLessThanOrEqualTo(parallelism);
      assertThat(ws.isOpen()).isTrue();
    }
  }

  @Test
  void aBadFrameIsAnsweredWithAnErrorAndTheSocketStaysOpen() {
    String run = unique("ws-bad");
    try (WsClient ws = WsClient.open(node.httpPort(), "/ws/v1/events")) {
      ws.send("{\"userId\": ");
      JsonNode malformed = ws.next(ANSWER);
      assertThat(malformed.path("error").asText()).isEqualTo("invalid_request");
      assertThat(malformed.path("accepted").asBoolean()).isFalse();
      assertThat(malformed.has("eventId")).isTrue();
      assertThat(malformed.path("eventId").isNull()).isTrue();

      ws.send(Http.json(Map.of("eventId", run + "-e1", "userId", run, "itemId", "m-1", "type", "bogus")));
      JsonNode badType = ws.next(ANSWER);
      assertThat(badType.path("error").asText()).isEqualTo("invalid_request");
      assertThat(badType.path("field").asText()).isEqualTo("type");
      assertThat(badType.path("eventId").asText()).isEqualTo(run + "-e1");
      assertThat(badType.path("message").asText()).contains("bogus");

      ws.sendBinary(new byte[] {1, 2, 3});
      assertThat(ws.next(ANSWER).path("error").asText()).isEqualTo("invalid_request");

      ws.send(event(run + "-e2", run, "m-2"));
      JsonNode ack = ws.next(ANSWER);
      assertThat(ack.path("eventId").asText()).isEqualTo(run + "-e2");
      assertThat(ack.path("accepted").asBoolean()).isTrue();
      assertThat(ws.isOpen()).isTrue();
    }
  }

  @Test
  void theRecommendationsSocketSendsTheListOnOpenAndAFreshOneAfterEachChange() {
    String run = unique("ws-recs");
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      items.add(Map.of("itemId", run + "-m" + i, "title", "Space voyage " + i, "tags", List.of("sci-fi")));
    }
    assertThat(http.post("/v1/items", Http.json(Map.of("items", items))).status()).isEqualTo(200);
    String user = run + "-u";
    try (WsClient ws = WsClient.open(node.httpPort(), "/ws/v1/users/" + user + "/recommendations?limit=5")) {
      JsonNode first = ws.next(ANSWER);
      assertThat(first.path("userId").asText()).isEqualTo(user);
      assertThat(first.path("items").size()).isEqualTo(5);
      assertThat(first.path("generatedAt").asText()).isNotEmpty();

      long sent = System.nanoTime();
      assertThat(http.post("/v1/events", event(run + "-e1", user, run + "-m0")).status()).isEqualTo(202);
      JsonNode second = ws.next(Duration.ofSeconds(2));
      System.out.printf("[ws] fresh list %d ms after the event%n", (System.nanoTime() - sent) / 1_000_000);
      List<String> ids = new ArrayList<>();
      second.path("items").forEach(i -> ids.add(i.path("itemId").asText()));
      assertThat(ids).doesNotContain(run + "-m0"); // consumed now
      assertThat(Instant.parse(second.path("generatedAt").asText()))
          .isAfterOrEqualTo(Instant.parse(first.path("generatedAt").asText()));
      assertThat(WebSocketStats.get(node.system()).recommendationSockets()).isPositive();
    }
  }

  @Test
  void webSocketPathsAnswerJsonErrorsToPlainRequests() {
    Http.Response plain = http.get("/ws/v1/events");
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.body().path("error").asText()).isEqualTo("invalid_request");

    Http.Response badUser = http.get("/ws/v1/users/bad%20user/recommendations");
    assertThat(badUser.status()).isEqualTo(400);
    assertThat(badUser.body().path("field").asText()).isEqualTo("userId");

    Http.Response badLimit = http.get("/ws/v1/users/u-1/recommendations?limit=0");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.body().path("field").asText()).isEqualTo("limit");
  }
}
