package io.ebb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.app.EbbNode;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestNode;
import io.ebb.user.UserCommand;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserInterest;
import io.ebb.user.UserInterests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Several whole Ebb nodes in this JVM forming one cluster over loopback (seed node: the first), on the shared test
 * Cassandra node. Remoting ports are handed out in ascending order, so the first node has the lowest address: on a
 * tie, keep-majority keeps the side that holds it.
 */
final class TestCluster {

  private TestCluster() {}

  /**
   * Starts {@code count} nodes and waits until every one sees them all Up and every shard region is registered.
   * {@code crashable} nodes (by index) stop without leaving when closed: like a killed process, they are then
   * noticed as unreachable and downed by the split-brain resolver.
   */
  static List<EbbNode> start(int count, Set<Integer> crashable) throws Exception {
    int[] ports = TestCassandra.freePorts(count);
    Arrays.sort(ports);
    List<EbbNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("ebb.cluster.discovery", "seed");
        overrides.put("ebb.cluster.seed-nodes", "127.0.0.1:" + ports[0]);
        overrides.put("pekko.remote.artery.canonical.port", ports[i]);
        if (crashable.contains(i)) {
          overrides.put("pekko.coordinated-shutdown.run-by-actor-system-terminate", "off");
        }
        nodes.add(EbbNode.start(TestNode.config(overrides)));
      }
      await(Duration.ofSeconds(60), "all members up", () -> nodes.stream().allMatch(n -> upMembers(n) == count));
      await(Duration.ofSeconds(30), "all shard regions registered", () -> regions(nodes.get(0)) == count);
      // Each node's interest-change subscription is known to the others (receptionist gossip, ~2 s).
      await(
          Duration.ofSeconds(30), "change feeds connected", () -> nodes.stream().allMatch(n -> peers(n) >= count - 1));
      return nodes;
    } catch (Exception | Error e) {
      nodes.forEach(EbbNode::close);
      throw e;
    }
  }

  static long upMembers(EbbNode node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }

  static int regions(EbbNode node) {
    ClusterShardingStats stats =
        AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ClusterShardingStats>ask(
                ClusterSharding.get(node.system()).shardState(),
                replyTo ->
                    new GetClusterShardingStats(UserInterest.ENTITY_KEY, Duration.ofSeconds(3), replyTo),
                Duration.ofSeconds(5),
                node.system().scheduler())
            .toCompletableFuture()
            .join();
    return stats.getRegions().size();
  }

  /** The user ids whose entities run on {@code node}. */
  static Set<String> hostedUsers(EbbNode node) {
    CurrentShardRegionState state =
        AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, CurrentShardRegionState>ask(
                ClusterSharding.get(node.system()).shardState(),
                replyTo -> new GetShardRegionState(UserInterest.ENTITY_KEY, replyTo),
                Duration.ofSeconds(5),
                node.system().scheduler())
            .toCompletableFuture()
            .join();
    Set<String> users = new java.util.HashSet<>();
    state.getShards().forEach(shard -> users.addAll(shard.getEntityIds()));
    return users;
  }

  static int peers(EbbNode node) {
    try {
      return node.interestChanges().stats().toCompletableFuture().get(3, TimeUnit.SECONDS).topicInstanceCount();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The user's state as the entity tells it, asked through {@code system}'s sharding. */
  static CompletableFuture<UserInterests> askAsync(ActorSystem<?> system, String userId, Duration timeout) {
    return ClusterSharding.get(system)
        .<UserCommand>entityRefFor(UserInterest.ENTITY_KEY, userId)
        .<UserInterests>ask(GetInterests::new, timeout)
        .toCompletableFuture();
  }

  /** As {@link #askAsync}, waiting; null if the entity did not answer in time. */
  static UserInterests ask(ActorSystem<?> system, String userId, Duration timeout) {
    try {
      return askAsync(system, userId, timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /** Polls {@code condition} every 200 ms until it holds; fails after {@code timeout}. */
  static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
