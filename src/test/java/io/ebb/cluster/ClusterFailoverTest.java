package io.ebb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.api.Http;
import io.ebb.app.EbbNode;
import io.ebb.user.UserInterests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM on the real Cassandra node: users' entities spread over all three; one node crashes
 * (stops without leaving: the others down it through the split-brain resolver) and another leaves gracefully;
 * every user still answers with the same state from the node that remains.
 */
class ClusterFailoverTest {

  private static final int USERS = 60;
  private static final int EVENTS_PER_USER = 3;

  private final List<EbbNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(EbbNode::close);
  }

  /** What must survive: how many events the user's journal holds and what the user consumed. */
  private record State(long eventCount, Set<String> consumed) {
    static State of(UserInterests user) {
      return user == null ? null : new State(user.eventCount(), new HashSet<>(user.consumed()));
    }
  }

  @Test
  void usersKeepTheirStateWhenANodeCrashesAndAnotherLeaves() throws Exception {
    nodes.addAll(TestCluster.start(3, Set.of(2)));
    EbbNode a = nodes.get(0);
    EbbNode b = nodes.get(1);
    EbbNode c = nodes.get(2);

    String run = "fo-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> users = new ArrayList<>();
    List<Map<String, Object>> events = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      String user = run + "-u" + u;
      users.add(user);
      for (int e = 0; e < EVENTS_PER_USER; e++) {
        events.add(Map.of("userId", user, "itemId", run + "-m" + (u + e), "type", "view"));
      }
    }
    Http viaA = new Http(a.httpPort());
    Http.Response accepted = viaA.post("/v1/events/batch", Http.json(Map.of("events", events)));
    assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
    assertThat(accepted.body().path("accepted").asInt()).isEqualTo(USERS * EVENTS_PER_USER);

    Map<String, State> before = new LinkedHashMap<>();
    for (String user : users) {
      before.put(user, State.of(TestCluster.ask(a.system(), user, Duration.ofSeconds(5))));
    }
    assertThat(before.values()).allMatch(s -> s != null && s.eventCount() == EVENTS_PER_USER);

    Set<String> onA = TestCluster.hostedUsers(a);
    Set<String> onB = TestCluster.hostedUsers(b);
    Set<String> onC = TestCluster.hostedUsers(c);
    System.out.printf("[cluster] entities per node: %d / %d / %d%n", onA.size(), onB.size(), onC.size());
    assertThat(onA).isNotEmpty();
    assertThat(onB).isNotEmpty();
    assertThat(onC).isNotEmpty();
    assertThat(onA.size() + onB.size() + onC.size()).isEqualTo(USERS);

    // Crash: c's ActorSystem stops without leaving the cluster.
    long crashed = System.nanoTime();
    c.close();
    awaitSameState(before, List.of(a.system(), b.system()), Duration.ofSeconds(60));
    System.out.printf("[cluster] all users answer from the 2 survivors %d ms after the crash%n",
        (System.nanoTime() - crashed) / 1_000_000);

    // Graceful leave: b hands its shards off, then stops.
    long left = System.nanoTime();
    b.close();
    System.out.printf("[cluster] b left in %d ms%n", (System.nanoTime() - left) / 1_000_000);
    awaitSameState(before, List.of(a.system()), Duration.ofSeconds(30));
    System.out.printf("[cluster] all users answer from the last node %d ms after b began to leave%n",
        (System.nanoTime() - left) / 1_000_000);
    assertThat(TestCluster.hostedUsers(a)).containsAll(users.subList(0, USERS));

    Http.Response profile = viaA.get("/v1/users/" + users.get(0) + "/interests");
    assertThat(profile.status()).isEqualTo(200);
    assertThat(profile.body().path("eventCount").asLong()).isEqualTo(EVENTS_PER_USER);
  }

  /** Polls until every user answers with its earlier state from each of {@code systems} (asked all at once). */
  private static void awaitSameState(Map<String, State> expected, List<ActorSystem<?>> systems, Duration timeout)
      throws InterruptedException {
    Set<String> pending = new HashSet<>(expected.keySet());
    TestCluster.await(
        timeout,
        "every user answering with the same state",
        () -> {
          Map<String, CompletableFuture<Boolean>> checks = new LinkedHashMap<>();
          for (String user : pending) {
            CompletableFuture<Boolean> all = CompletableFuture.completedFuture(true);
            for (ActorSystem<?> system : systems) {
              CompletableFuture<Boolean> same =
                  TestCluster.askAsync(system, user, Duration.ofSeconds(2))
                      .thenApply(answer -> expected.get(user).equals(State.of(answer)))
                      .exceptionally(failure -> false);
              all = all.thenCombine(same, Boolean::logicalAnd);
            }
            checks.put(user, all);
          }
          checks.forEach((user, same) -> {
            if (same.join()) {
              pending.remove(user);
            }
          });
          return pending.isEmpty();
        });
  }
}
