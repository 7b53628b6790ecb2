package io.ebb.cluster;

import com.typesafe.config.Config;
import io.ebb.CborSerializable;
import io.ebb.user.UserInterest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the live recommendation sockets of every node that a user's interests changed, whichever node the user's
 * entity runs on: the entity calls {@link #listener()} after each persisted change and on ticks; a socket follows
 * {@link #changes(String)}.
 *
 * <p><b>One shared topic, not one per user.</b> A topic per user would send a change only to the nodes with a
 * socket for that user, but each such topic is an actor on every node that publishes or subscribes, registered in
 * the cluster receptionist, whose entries are replicated to every node through Distributed Data: with many watched
 * users (and every awake entity publishing on each tick) that registry grows with the users, and a new
 * subscription reaches the publishing node only after gossip (~2 s), so the first change after a socket opens
 * could be missed. Here each node subscribes one dispatcher, once, at start; the price is that every node receives
 * every change, watched there or not. Changes are batched (at most {@code change-batch-window} late, duplicates
 * collapsed), so that is a few messages per second per pair of nodes, each a list of user ids. Should the volume
 * (changes x nodes) ever matter, split the topic into buckets by a hash of the user id and let a node subscribe to
 * the buckets it has sockets for.
 *
 * <p>On the receiving side nothing is buffered per socket but one pending "changed" signal: a socket that is busy
 * sending a list finds at most one signal waiting when it is done, however many changes happened meanwhile.
 */
public final class InterestChanges {

  public static final String TOPIC = "ebb-interest-changes";

  private static final Logger log = LoggerFactory.getLogger(InterestChanges.class);

  /** What travels between nodes: the users whose interests changed during one batch window. */
  public record Changed(List<String> userIds) implements CborSerializable {}

  /** From {@code ebb.cluster}. */
  public record Settings(Duration batchWindow, int batchSize, int buffer) {
    public static Settings fromConfig(Config ebb) {
      Config c = ebb.getConfig("cluster");
      return new Settings(
          c.getDuration("change-batch-window"), c.getInt("change-batch-size"), c.getInt("change-buffer"));
    }
  }

  private final ActorSystem<?> system;
  private final ActorRef<Topic.Command<Changed>> topic;
  private final ConcurrentMap<String, Set<BoundedSourceQueue<Done>>> watchers = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private BoundedSourceQueue<String> outbox;

  private InterestChanges(ActorSystem<?> system, ActorRef<Topic.Command<Changed>> topic) {
    this.system = system;
    this.topic = topic;
  }

  /** Subscribes this node to the cluster-wide topic and starts publishing what {@link #listener()} is told. */
  public static InterestChanges start(ActorSystem<?> system, Settings settings) {
    ActorRef<Topic.Command<Changed>> topic =
        system.systemActorOf(Topic.create(Changed.class, TOPIC), "ebb-interest-changes", Props.empty());
    InterestChanges changes = new InterestChanges(system, topic);
    ActorRef<Changed> inbox = system.systemActorOf(changes.dispatcher(), "ebb-interest-changes-inbox", Props.empty());
    topic.tell(Topic.subscribe(inbox));
    changes.outbox =
        Source.<String>queue(settings.buffer())
            .groupedWithin(settings.batchSize(), settings.batchWindow())
            .map(ids -> new Changed(List.copyOf(new LinkedHashSet<>(ids))))
            .to(Sink.foreach(changed -> topic.tell(Topic.publish(changed))))
            .run(system);
    return changes;
  }

  /** For the user entities: must not block, as it runs on the entity's thread. */
  public UserInterest.ChangeListener listener() {
    return userId -> {
      if (!outbox.offer(userId).isEnqueued() && dropped.incrementAndGet() % 1000 == 1) {
        log.warn("Interest changes are published slower than they happen: {} dropped so far", dropped.get());
      }
    };
  }

  /**
   * A signal each time the user's interests change (from an event on any node, or a tick), for as long as the
   * source runs. Signals that the consumer has not taken yet collapse into one.
   */
  public Source<Done, NotUsed> changes(String userId) {
    return Source.<Done>queue(1)
        .mapMaterializedValue(
            queue -> {
              // Added and removed inside compute, so that an unwatch emptying the set cannot lose this queue.
              watchers.compute(
                  userId,
                  (id, queues) -> {
                    Set<BoundedSourceQueue<Done>> set = queues != null ? queues : ConcurrentHashMap.newKeySet();
                    set.add(queue);
                    return set;
                  });
              return queue;
            })
        .watchTermination(
            (queue, done) -> {
              done.whenComplete((d, failure) -> unwatch(userId, queue));
              return NotUsed.getInstance();
            });
  }

  /** Users watched by a socket on this node. */
  public int watchedUsers() {
    return watchers.size();
  }

  /** Changes not published because the outgoing buffer was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Local subscribers and the other nodes' topic instances this node knows of. */
  public CompletionStage<Topic.TopicStats> stats() {
    return AskPattern.ask(topic, Topic::getTopicStats, Duration.ofSeconds(3), system.scheduler());
  }

  private Behavior<Changed> dispatcher() {
    return Behaviors.receiveMessage(
        changed -> {
          for (String userId : changed.userIds()) {
            Set<BoundedSourceQueue<Done>> queues = watchers.get(userId);
            if (queues != null) {
              // A full queue already holds a pending signal: dropping this one loses nothing.
              queues.forEach(queue -> queue.offer(Done.getInstance()));
            }
          }
          return Behaviors.same();
        });
  }

  private void unwatch(String userId, BoundedSourceQueue<Done> queue) {
    watchers.computeIfPresent(
        userId,
        (id, queues) -> {
          queues.remove(queue);
          return queues.isEmpty() ? null : queues;
        });
  }
}
