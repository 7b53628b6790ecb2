package io.ebb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.api.Http;
import io.ebb.api.WsClient;
import io.ebb.app.EbbNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What one node does must show on the other: items upserted, and interest changes on live sockets. */
class CrossNodeTest {

  private static List<EbbNode> nodes;
  private static Http one;
  private static Http two;

  @BeforeAll
  static void start() throws Exception {
    nodes = TestCluster.start(2, Set.of());
    one = new Http(nodes.get(0).httpPort());
    two = new Http(nodes.get(1).httpPort());
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.forEach(EbbNode::close);
    }
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void anItemUpsertedOnOneNodeIsServedByTheOtherWithinTenSeconds() throws Exception {
    String itemId = unique("xn-item");
    long upserted = System.nanoTime();
    Http.Response put =
        one.put("/v1/items/" + itemId, Http.json(Map.of("title", "Heat", "tags", List.of("crime", "thriller"))));
    assertThat(put.status()).isEqualTo(200);
    TestCluster.await(
        Duration.ofSeconds(10), "the item on node 2", () -> two.get("/v1/items/" + itemId).status() == 200);
    System.out.printf("[cluster] item served by node 2 %d ms after the upsert on node 1%n",
        (System.nanoTime() - upserted) / 1_000_000);
    assertThat(two.get("/v1/items/" + itemId).body().path("title").asText()).isEqualTo("Heat");
    assertThat(two.get("/v1/items/" + itemId + "/similar?limit=3").status()).isEqualTo(200);

    // A change of an existing item travels too.
    one.put("/v1/items/" + itemId, Http.json(Map.of("title", "Heat (1995)", "tags", List.of("crime"))));
    TestCluster.await(
        Duration.ofSeconds(10),
        "the changed item on node 2",
        () -> "Heat (1995)".equals(two.get("/v1/items/" + itemId).body().path("title").asText()));
  }

  @Test
  void aSocketOnOneNodeGetsAFreshListWithinTwoSecondsOfAnEventSentToTheOther() throws Exception {
    String run = unique("xn-recs");
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      items.add(Map.of("itemId", run + "-m" + i, "title", "Harbour mystery " + i, "tags", List.of("mystery")));
    }
    assertThat(one.post("/v1/items", Http.json(Map.of("items", items))).status()).isEqualTo(200);
    TestCluster.await(
        Duration.ofSeconds(10), "items on node 2", () -> two.get("/v1/items/" + run + "-m5").status() == 200);

    // A user whose entity runs on node 1, so that the change must cross to the socket's node 2.
    String user = null;
    for (int i = 0; user == null && i < 50; i++) {
      String candidate = run + "-u" + i;
      one.post("/v1/events", Http.json(Map.of("userId", candidate, "itemId", run + "-m0", "type", "view")));
      if (TestCluster.hostedUsers(nodes.get(0)).contains(candidate)) {
        user = candidate;
      }
    }
    assertThat(user).as("a user hosted by node 1").isNotNull();

    try (WsClient ws = WsClient.open(nodes.get(1).httpPort(), "/ws/v1/users/" + user + "/recommendations?limit=5")) {
      JsonNode first = ws.next(Duration.ofSeconds(10));
      assertThat(first.path("userId").asText()).isEqualTo(user);
      for (int i = 1; i <= 3; i++) {
        long sent = System.nanoTime();
        Http.Response posted =
            one.post("/v1/events", Http.json(Map.of("userId", user, "itemId", run + "-m" + i, "type", "like")));
        assertThat(posted.status()).isEqualTo(202);
        awaitListWithout(ws, run + "-m" + i, sent + Duration.ofSeconds(2).toNanos());
        System.out.printf("[cluster] list on node 2 %d ms after the event on node 1%n",
            (System.nanoTime() - sent) / 1_000_000);
      }
    }
  }

  /** Reads lists until one leaves out {@code consumed} (a list sent just before may still be on its way). */
  private static void awaitListWithout(WsClient ws, String consumed, long deadlineNanos) {
    while (true) {
      long left = deadlineNanos - System.nanoTime();
      assertThat(left).as("a list without %s in time", consumed).isPositive();
      String text = ws.nextText(Duration.ofNanos(left));
      assertThat(text).as("a list without %s in time", consumed).isNotNull();
      if (!text.contains("\"" + consumed + "\"")) {
        assertThat(text).contains("\"items\"");
        return;
      }
    }
  }
}
