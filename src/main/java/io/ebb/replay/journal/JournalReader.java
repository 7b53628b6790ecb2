package io.ebb.replay.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.replay.Progress;
import io.ebb.replay.data.Interaction;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.UserForgotten;
import io.ebb.user.UserInterest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Reads every user's journal back through Pekko Persistence Query ({@code currentPersistenceIds},
 * {@code currentEventsByPersistenceId}) as interactions, for tuning. Runs its own local, non-clustered
 * ActorSystem so it never takes a service node's ports.
 */
public final class JournalReader implements AutoCloseable {

  private static final String PREFIX = UserInterest.ENTITY_KEY.name() + "|";
  private static final int PARALLELISM = 8;

  private final ActorSystem<Void> system;
  private final CassandraReadJournal journal;

  /** {@code config}: the service's config with the driver's contact points set. */
  public JournalReader(Config config) {
    Config local =
        config
            .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"))
            .withValue("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", ConfigValueFactory.fromAnyRef("off"));
    this.system = ActorSystem.create(Behaviors.empty(), "ebb-replay", local);
    this.journal =
        PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  /** Every behaviour event of every user, in journal order per user. */
  public List<Interaction> readAll() throws Exception {
    List<String> ids =
        journal
            .currentPersistenceIds()
            .filter(id -> id.startsWith(PREFIX))
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .get(10, TimeUnit.MINUTES);
    Progress progress = new Progress("journal", "users", ids.size());
    List<List<Interaction>> perUser =
        org.apache.pekko.stream.javadsl.Source.from(ids)
            .mapAsyncUnordered(PARALLELISM, this::readUser)
            .map(
                events -> {
                  progress.advance(1);
                  return events;
                })
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .get(1, TimeUnit.HOURS);
    progress.finish();
    List<Interaction> all = new ArrayList<>();
    perUser.forEach(all::addAll);
    return all;
  }

  private CompletionStage<List<Interaction>> readUser(String persistenceId) {
    String userId = persistenceId.substring(PREFIX.length());
    return journal
        .currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
        .runWith(Sink.seq(), system)
        .thenApply(envelopes -> toInteractions(userId, envelopes));
  }

  private static List<Interaction> toInteractions(String userId, List<EventEnvelope> envelopes) {
    List<Interaction> events = new ArrayList<>(envelopes.size());
    for (EventEnvelope envelope : envelopes) {
      Object event = envelope.event();
      if (event instanceof BehaviorRecorded b) {
        events.add(new Interaction(userId, b.itemId(), b.timestamp().toEpochMilli(), b.type(), b.value()));
      } else if (event instanceof UserForgotten) {
        events.clear(); // the deletion after it did not finish: nothing before it counts
      }
    }
    return events;
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
