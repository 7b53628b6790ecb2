package io.ebb.trajectory;

import io.ebb.catalog.Catalog;
import io.ebb.interest.InterestSettings;
import io.ebb.user.ItemLookup;
import io.ebb.user.UserInterest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Users' trajectories as this node reads them: the user's journal through Persistence Query, folded under the
 * active model with the item vectors and tags of this node's catalog. Reading the journal does not involve the
 * user's entity (wherever it runs), so it never holds up the entity's events.
 */
public final class Trajectories {

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final ItemLookup items;
  private final Supplier<InterestSettings> settings;
  private final Clock clock;

  /** {@code settings}: the active model's fold settings, asked again for each trajectory. */
  public Trajectories(ActorSystem<?> system, Catalog catalog, Supplier<InterestSettings> settings, Clock clock) {
    this.system = system;
    this.journal =
        PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.items = new ItemLookup() {
      @Override
      public Optional<Features> find(String itemId) {
        return catalog.foldVector(itemId).map(v -> new Features(v, catalog.tags(itemId)));
      }

      @Override
      public float[] textVector(float[] textEmbedding) {
        return catalog.textInItemSpace(textEmbedding);
      }
    };
    this.settings = settings;
    this.clock = clock;
  }

  /** The user's trajectory, or empty when the journal holds no behaviour event of the user. */
  public CompletionStage<Optional<Trajectory>> of(String userId, TrajectoryQuery query) {
    TrajectoryFold fold = new TrajectoryFold(settings.get(), items);
    return journal
        .currentEventsByPersistenceId(UserInterest.persistenceId(userId).id(), 0L, Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .runWith(Sink.seq(), system)
        .thenApply(events -> fold.replay(List.copyOf(events), query, clock.instant()));
  }
}
