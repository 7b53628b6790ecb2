package io.ebb.replay.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.replay.Progress;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.RecordedCapture;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.CapturedTopic;
import io.ebb.user.UserEvent.InterestsCaptured;
import io.ebb.user.UserEvent.UserForgotten;
import io.ebb.user.UserInterest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * {@code currentEventsByPersistenceId}) as interactions and recorded captures of stated interests, for tuning.
 * Runs its own local, non-clustered ActorSystem so it never takes a service node's ports.
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

  /**
   * What tuning reads of the journals.
   *
   * @param interactions every behaviour event, in journal order per user
   * @param captures every capture of stated interests, in journal order per user
   */
  public record Journals(List<Interaction> interactions, List<RecordedCapture> captures) {
    public Journals {
      interactions = List.copyOf(interactions);
      captures = List.copyOf(captures);
    }
  }

  /** Every behaviour event of every user, in journal order per user (captures left out). */
  public List<Interaction> readAll() throws Exception {
    return readJournals().interactions();
  }

  /** Every user's behaviour events and captures of stated interests. */
  public Journals readJournals() throws Exception {
    List<String> ids =
        journal
            .currentPersistenceIds()
            .filter(id -> id.startsWith(PREFIX))
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .get(10, TimeUnit.MINUTES);
    Progress progress = new Progress("journal", "users", ids.size());
    List<Journals> perUser =
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
    List<Interaction> interactions = new ArrayList<>();
    List<RecordedCapture> captures = new ArrayList<>();
    perUser.forEach(j -> {
      interactions.addAll(j.interactions());
      captures.addAll(j.captures());
    });
    return new Journals(interactions, captures);
  }

  private CompletionStage<Journals> readUser(String persistenceId) {
    String userId = persistenceId.substring(PREFIX.length());
    return journal
        .currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
        .runWith(Sink.seq(), system)
        .thenApply(envelopes -> read(userId, envelopes.stream().map(EventEnvelope::event).toList()));
  }

  /** One user's journal, its events in order, as tuning reads it. */
  static Journals read(String userId, List<Object> events) {
    List<Interaction> interactions = new ArrayList<>(events.size());
    List<RecordedCapture> captures = new ArrayList<>();
    for (Object event : events) {
      if (event instanceof BehaviorRecorded b) {
        interactions.add(new Interaction(
            userId, b.itemId(), b.timestamp().toEpochMilli(), b.type(), b.value(), Map.copyOf(b.context())));
      } else if (event instanceof InterestsCaptured c) {
        captures.add(new RecordedCapture(
            userId, c.at().toEpochMilli(), c.topics().stream().map(JournalReader::topic).toList(), c.modelId()));
      } else if (event instanceof UserForgotten) {
        // the deletion after it did not finish: nothing before it counts
        interactions.clear();
        captures.clear();
      }
    }
    return new Journals(interactions, captures);
  }

  private static RecordedCapture.Topic topic(CapturedTopic t) {
    // A topic without a vector is kept as one of no dimension, which the evaluator leaves out as not fitting.
    float[] vector = t.vector() == null ? new float[0] : t.vector();
    return new RecordedCapture.Topic(t.topic(), t.weight(), t.horizon(), vector);
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
