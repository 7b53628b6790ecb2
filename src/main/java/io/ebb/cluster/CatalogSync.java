package io.ebb.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ebb.CborSerializable;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.Item;
import io.ebb.catalog.ItemStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's catalog index in step with items upserted through other nodes.
 *
 * <p>Items live in Cassandra; each node holds them all in memory for its vector index. When a node has stored
 * items it announces their ids on a cluster-wide topic ({@link #announce}); every other node reads those items
 * back from Cassandra ({@link Catalog#refresh}) and confirms. Only ids travel, never vectors. The upsert is
 * answered once every other Up node has confirmed, or after {@code ebb.cluster.item-announce-timeout}: a client
 * that upserts items and then sends events about them finds the items on whichever node folds those events
 * (an event on an item a node does not know yet adds nothing to the user's interests there, and a later
 * recovery on a node that knows it would fold it differently).
 *
 * <p>An announcement can be missed: a node that was starting or rejoining, or one whose inbox overflowed while a
 * bulk upsert of many items arrived. So every {@code ebb.cluster.catalog-resync-interval} (60 s) each node also
 * reads the {@code item_id} and {@code updated_at} of every stored item (no vectors, so ~30 bytes a row) and
 * refreshes those that are missing here or newer than here. That is cheaper than reloading the catalog, which
 * would read every vector (1.5 KB an item at 384 dimensions) every minute on every node.
 */
public final class CatalogSync {

  public static final String TOPIC = "ebb-items-upserted";
  /** Ids per announcement: keeps a bulk upsert of 10,000 items well under Artery's frame size. */
  static final int IDS_PER_MESSAGE = 1000;
  /** Announcements waiting to be read; past this the oldest are dropped, and the resync finds their items. */
  static final int INBOX_SIZE = 100;
  static final int REFRESH_PARALLELISM = 4;

  private static final Logger log = LoggerFactory.getLogger(CatalogSync.class);

  /** Items one node has stored (and so need not re-read itself); each other node confirms to {@code replyTo}. */
  public record ItemsUpserted(String origin, List<String> itemIds, ActorRef<Refreshed> replyTo)
      implements CborSerializable {}

  /** A node has read the announced items. */
  public record Refreshed(String node) implements CborSerializable {}

  private final ActorSystem<?> system;
  private final Catalog catalog;
  private final CqlSession session;
  private final ActorRef<Topic.Command<ItemsUpserted>> topic;
  private final String self;
  private final Duration announceTimeout;
  private volatile PreparedStatement updateTimes;

  private CatalogSync(
      ActorSystem<?> system,
      Catalog catalog,
      CqlSession session,
      ActorRef<Topic.Command<ItemsUpserted>> topic,
      Duration announceTimeout) {
    this.system = system;
    this.catalog = catalog;
    this.session = session;
    this.topic = topic;
    this.self = Cluster.get(system).selfMember().address().toString();
    this.announceTimeout = announceTimeout;
  }

  /** From {@code ebb.cluster}. */
  public record Settings(Duration announceTimeout, Duration resyncInterval) {
    public static Settings fromConfig(com.typesafe.config.Config ebb) {
      var c = ebb.getConfig("cluster");
      return new Settings(c.getDuration("item-announce-timeout"), c.getDuration("catalog-resync-interval"));
    }
  }

  /**
   * Subscribes to the other nodes' announcements and schedules the resync. Start it before the catalog loads:
   * an item announced meanwhile is then read either by the load or by the refresh (both keep the newer one).
   */
  public static CatalogSync start(ActorSystem<?> system, Catalog catalog, CqlSession session, Settings settings) {
    ActorRef<Topic.Command<ItemsUpserted>> topic =
        system.systemActorOf(Topic.create(ItemsUpserted.class, TOPIC), "ebb-items-upserted", Props.empty());
    CatalogSync sync = new CatalogSync(system, catalog, session, topic, settings.announceTimeout());

    ActorRef<ItemsUpserted> inbox =
        ActorSource.<ItemsUpserted>actorRef(m -> false, m -> Optional.empty(), INBOX_SIZE, OverflowStrategy.dropHead())
            .filter(m -> !m.origin().equals(sync.self))
            .mapAsync(1, m -> sync.refreshAll(m.itemIds()).thenApply(done -> m))
            .to(Sink.foreach(m -> m.replyTo().tell(new Refreshed(sync.self))))
            .run(system);
    topic.tell(Topic.subscribe(inbox));

    Duration resync = settings.resyncInterval();
    if (!resync.isZero()) {
      Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
      Source.tick(resync, resync, Done.getInstance())
          .mapAsync(1, tick -> CompletableFuture.supplyAsync(sync::resync, blocking).exceptionally(e -> {
            log.warn("Catalog resync failed: {}", e.toString());
            return 0;
          }))
          .to(Sink.ignore())
          .run(system);
    }
    return sync;
  }

  /**
   * Tells the other nodes that these items were stored (call once the store has them). Completes when every
   * other Up node has read them, or after the announce timeout, whichever comes first.
   */
  public CompletionStage<Done> announce(List<String> itemIds) {
    long others =
        StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up() && !m.address().toString().equals(self))
            .count();
    List<CompletableFuture<Long>> confirmations = new ArrayList<>();
    for (int from = 0; from < itemIds.size(); from += IDS_PER_MESSAGE) {
      List<String> chunk = List.copyOf(itemIds.subList(from, Math.min(from + IDS_PER_MESSAGE, itemIds.size())));
      Pair<ActorRef<Refreshed>, CompletionStage<Long>> replies =
          ActorSource.<Refreshed>actorRef(m -> false, m -> Optional.empty(), 64, OverflowStrategy.dropTail())
              .take(others)
              .takeWithin(announceTimeout)
              .toMat(Sink.fold(0L, (n, m) -> n + 1), Keep.both())
              .run(system);
      topic.tell(Topic.publish(new ItemsUpserted(self, chunk, replies.first())));
      confirmations.add(replies.second().toCompletableFuture());
    }
    return CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              long confirmed = confirmations.stream().mapToLong(CompletableFuture::join).min().orElse(others);
              if (confirmed < others) {
                // Most often a node that joined moments ago, whose subscription had not reached this node's
                // topic yet: announce once more (refreshing twice is harmless); the periodic resync is the net.
                for (int from = 0; from < itemIds.size(); from += IDS_PER_MESSAGE) {
                  List<String> chunk =
                      List.copyOf(itemIds.subList(from, Math.min(from + IDS_PER_MESSAGE, itemIds.size())));
                  topic.tell(Topic.publish(new ItemsUpserted(self, chunk, system.ignoreRef())));
                }
                log.info("{} of {} other nodes confirmed {} items within {}; announced again",
                    confirmed, others, itemIds.size(), announceTimeout);
              }
              return Done.getInstance();
            });
  }

  /**
   * Reads the update time of every stored item and refreshes those this node lacks or has an older version of.
   * Blocking (pages through the table); returns how many items were refreshed.
   */
  int resync() {
    if (!catalog.isLoaded()) {
      return 0;
    }
    if (updateTimes == null) {
      updateTimes = session.prepare("SELECT item_id, updated_at FROM ebb.items");
    }
    List<String> stale = new ArrayList<>();
    for (Row row : session.execute(updateTimes.bind().setPageSize(ItemStore.PAGE_SIZE))) {
      String itemId = row.getString("item_id");
      Instant stored = row.getInstant("updated_at");
      Optional<Item> here = catalog.get(itemId);
      // Cassandra keeps milliseconds; the node that wrote an item may hold it with more precision.
      if (here.isEmpty()
          || stored != null && stored.isAfter(here.get().updatedAt().truncatedTo(ChronoUnit.MILLIS))) {
        stale.add(itemId);
      }
    }
    if (stale.isEmpty()) {
      return 0;
    }
    refreshAll(stale).toCompletableFuture().join();
    log.info("Catalog resync read {} items this node had missed", stale.size());
    return stale.size();
  }

  private CompletionStage<Done> refreshAll(List<String> itemIds) {
    return Source.from(itemIds).mapAsyncUnordered(REFRESH_PARALLELISM, this::refresh).runWith(Sink.ignore(), system);
  }

  private CompletionStage<Done> refresh(String itemId) {
    return catalog
        .refresh(itemId)
        .handle(
            (item, failure) -> {
              if (failure != null) {
                log.warn("Could not refresh item {}: {}", itemId, failure.toString());
              }
              return Done.getInstance();
            });
  }
}
