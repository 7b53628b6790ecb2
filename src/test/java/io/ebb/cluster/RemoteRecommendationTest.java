package io.ebb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.api.Http;
import io.ebb.app.EbbNode;
import io.ebb.user.RecommendRequest;
import io.ebb.user.Recommendations;
import io.ebb.user.UserCommand;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserCommand.Recommend;
import io.ebb.user.UserInterest;
import io.ebb.user.UserInterests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recommendation for a user whose entity runs on another node: the entity ranks on its own node, so what crosses
 * the cluster is the short list, not the user's consumed set, and consumed items are still left out (kept with
 * {@code includeSeen=true}). Sizes are those of the cluster's own serializer, as the reply travels.
 */
class RemoteRecommendationTest {

  /** A ten-item list with reasons is well under this, whatever the user consumed. */
  private static final int LEAN_REPLY_BYTES = 4096;
  /** Enough catalog items that a list of ten is personal items only, after the consumed ones are left out. */
  private static final int ITEMS = 16;

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

  @Test
  void aRemoteUsersListLeavesOutWhatTheyConsumedAndShipsNoConsumedSet() throws Exception {
    String run = "lean-" + UUID.randomUUID().toString().substring(0, 8);
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(Map.of("itemId", run + "-m" + i, "title", "Lighthouse keeper mystery " + i,
          "tags", List.of("mystery", run)));
    }
    assertThat(one.post("/v1/items", Http.json(Map.of("items", items))).status()).isEqualTo(200);
    String last = "/v1/items/" + run + "-m" + (ITEMS - 1);
    TestCluster.await(Duration.ofSeconds(10), "items on node 2", () -> two.get(last).status() == 200);

    String user = userHostedBy(nodes.get(0), run);
    recordViews(user, run + "-m", 0, 2);
    recordViews(user, run + "-old-", 0, 98);
    ActorSystem<?> remote = nodes.get(1).system();
    EntityRef<UserCommand> entity = ClusterSharding.get(remote).entityRefFor(UserInterest.ENTITY_KEY, user);
    replySizes(remote, entity);
    recordViews(user, run + "-old-", 98, 1000);

    Http.Response unseen = two.get("/v1/users/" + user + "/recommendations?limit=10");
    assertThat(unseen.status()).as(unseen.body().toString()).isEqualTo(200);
    assertThat(itemIds(unseen.body())).hasSize(10).doesNotContain(run + "-m0", run + "-m1")
        .noneMatch(id -> id.startsWith(run + "-old-"));
    Http.Response seen = two.get("/v1/users/" + user + "/recommendations?limit=10&includeSeen=true");
    assertThat(seen.status()).isEqualTo(200);
    assertThat(itemIds(seen.body())).contains(run + "-m0", run + "-m1");

    // The error reply crosses the cluster too: an instant before the last event is a 400 naming at.
    Http.Response tooEarly = two.get("/v1/users/" + user + "/recommendations?at=2019-01-01T00:00:00Z");
    assertThat(tooEarly.status()).isEqualTo(400);
    assertThat(tooEarly.body().path("field").asText()).isEqualTo("at");

    Sizes sizes = replySizes(remote, entity);
    assertThat(sizes.consumed()).isGreaterThan(1000);
    assertThat(sizes.recommend()).isLessThan(LEAN_REPLY_BYTES);
    assertThat(sizes.view()).as("1,000 consumed ids of 20 characters").isGreaterThan(20_000);
  }

  record Sizes(int consumed, int recommend, int view) {}

  /**
   * What the entity's replies take under the cluster's serializer: {@link Recommend} (what a query brings back) and
   * {@link GetInterests} (the view with the consumed set, which a query brought back before).
   */
  private static Sizes replySizes(ActorSystem<?> system, EntityRef<UserCommand> entity) throws Exception {
    Recommendations list = entity
        .<Recommendations>askWithStatus(
            replyTo -> new Recommend(new RecommendRequest(10, false, Set.of(), Map.of(), Instant.now()), replyTo),
            Duration.ofSeconds(10))
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertThat(list.items()).hasSize(10);
    UserInterests view = entity.<UserInterests>ask(GetInterests::new, Duration.ofSeconds(10))
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
    Sizes sizes = new Sizes(view.consumed().size(), bytes(system, StatusReply.success(list)), bytes(system, view));
    System.out.printf("[cluster] reply for a user with %d consumed items: Recommend %,d bytes, GetInterests %,d"
        + " bytes%n", sizes.consumed(), sizes.recommend(), sizes.view());
    return sizes;
  }

  /** A user whose entity runs on {@code node}, found by sending candidates one event each. */
  private static String userHostedBy(EbbNode node, String run) {
    for (int i = 0; i < 50; i++) {
      String candidate = run + "-u" + i;
      Http.Response r =
          one.post("/v1/events", Http.json(Map.of("userId", candidate, "itemId", run + "-probe", "type", "view")));
      assertThat(r.status()).isEqualTo(202);
      if (TestCluster.hostedUsers(node).contains(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("no user of 50 is hosted by node 1");
  }

  /**
   * Views of {@code prefix}from .. {@code prefix}(to - 1), sent to node 1 in batches of 200 with event ids, so that
   * a batch the journal was too slow for (a 503 on a busy machine) is sent again without counting twice.
   */
  private static void recordViews(String user, String prefix, int from, int to) throws InterruptedException {
    for (int start = from; start < to; start += 200) {
      List<Map<String, Object>> events = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + 200); i++) {
        events.add(Map.of("eventId", prefix + i, "userId", user, "itemId", prefix + i, "type", "view"));
      }
      String body = Http.json(Map.of("events", events));
      TestCluster.await(Duration.ofSeconds(60), "a batch accepted", () -> {
        Http.Response r = one.post("/v1/events/batch", body);
        assertThat(r.status()).as(r.body().toString()).isIn(202, 503);
        return r.status() == 202;
      });
    }
  }

  private static List<String> itemIds(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.path("items").forEach(item -> ids.add(item.path("itemId").asText()));
    return ids;
  }

  private static int bytes(ActorSystem<?> system, Object message) {
    Serialization serialization = SerializationExtension.get(system.classicSystem());
    return serialization.serialize(message).get().length;
  }
}
