package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.user.UserInterest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.ShardRegion.ShardRegionStats;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/cluster}: the members as this node sees them, the user entities' shards and entities per node
 * (Cluster Sharding's statistics, asked of every region), and this node's load ({@link NodeLoad}).
 */
final class ClusterRoutes extends JsonSupport {

  /** How long the regions have to report their shards; one that does not is listed in {@code unanswered}. */
  static final Duration STATS_TIMEOUT = Duration.ofSeconds(3);

  /**
   * One member. {@code shards} and {@code entities} are null for a member that hosts no user shards (or did not
   * answer in time).
   */
  record Node(String address, String status, List<String> roles, String dataCenter, boolean reachable,
      boolean self, boolean leader, Integer shards, Integer entities) {}

  record Load(String node, double windowSeconds, double eventsPerSecond, long eventsAccepted,
      Recommendations recommendations) {}

  record Recommendations(double perSecond, long count, Double meanMillis, Double p50Millis, Double p99Millis) {}

  record ClusterView(String self, String leader, int shards, int entities, List<Node> nodes, List<String> unanswered,
      Load load, Instant generatedAt) {}

  private final ActorSystem<?> system;
  private final NodeLoad load;
  private final Clock clock;

  ClusterRoutes(ObjectMapper json, ActorSystem<?> system, NodeLoad load, Clock clock) {
    super(json);
    this.system = system;
    this.load = load;
    this.clock = clock;
  }

  Route route() {
    return path("cluster", () -> get(() -> completeAsync(
        shardStats().thenApply(stats -> respond(StatusCodes.OK, view(stats))))));
  }

  private CompletionStage<ClusterShardingStats> shardStats() {
    return AskPattern.ask(
        ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(UserInterest.ENTITY_KEY, STATS_TIMEOUT, replyTo),
        STATS_TIMEOUT.plusSeconds(2),
        system.scheduler());
  }

  private ClusterView view(ClusterShardingStats stats) {
    Cluster cluster = Cluster.get(system);
    CurrentClusterState state = cluster.state();
    Address self = cluster.selfMember().address();
    Address leader = state.getLeader();
    Set<Member> unreachable = state.getUnreachable();
    Map<Address, ShardRegionStats> regions = stats.getRegions();
    List<Node> nodes = new ArrayList<>();
    int shards = 0;
    int entities = 0;
    Set<String> unanswered = new TreeSet<>();
    for (Member m : state.getMembers()) {
      ShardRegionStats region = regions.get(m.address());
      Integer nodeShards = null;
      Integer nodeEntities = null;
      if (region != null) {
        nodeShards = region.getStats().size();
        nodeEntities = region.getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum();
        shards += nodeShards;
        entities += nodeEntities;
        if (!region.getFailed().isEmpty()) {
          unanswered.add(m.address().toString());
        }
      }
      nodes.add(new Node(m.address().toString(), m.status().toString(), List.copyOf(new TreeSet<>(m.getRoles())),
          m.dataCenter(), !unreachable.contains(m), m.address().equals(self), m.address().equals(leader),
          nodeShards, nodeEntities));
    }
    NodeLoad.Window w = load.window();
    Load nodeLoad = new Load(self.toString(), w.seconds(), w.eventsPerSecond(), w.eventsAccepted(),
        new Recommendations(w.recommendationsPerSecond(), w.recommendations(), w.meanMillis(), w.p50Millis(),
            w.p99Millis()));
    return new ClusterView(self.toString(), leader == null ? null : leader.toString(), shards, entities, nodes,
        List.copyOf(unanswered), nodeLoad, clock.instant());
  }
}
