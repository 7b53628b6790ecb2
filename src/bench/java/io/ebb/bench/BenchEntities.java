package io.ebb.bench;

import io.ebb.app.InterestConfig;
import io.ebb.interest.EventType;
import io.ebb.interest.InterestSettings;
import io.ebb.replay.Progress;
import io.ebb.user.UserCommand;
import io.ebb.user.UserCommand.BatchRecorded;
import io.ebb.user.UserCommand.RecordBatch;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserInterest;
import io.ebb.user.UserInterests;
import io.ebb.user.UserSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Real {@link UserInterest} entities under an {@link EntityHost}, with the service's settings but each case's
 * snapshot interval: fills a user's journal through one incarnation, times fresh incarnations recovering it,
 * and deletes journals afterwards.
 */
final class BenchEntities {

  private static final Duration ASK_TIMEOUT = Duration.ofMinutes(2);

  private final ActorSystem<EntityHost.Command> system;
  private final RandomItems catalog;
  private final InterestSettings interest;
  private final UserSettings defaults;
  private final AtomicLong incarnations = new AtomicLong();

  BenchEntities(ActorSystem<EntityHost.Command> system, JournalTool tool, RandomItems catalog) {
    this.system = system;
    this.catalog = catalog;
    this.interest = InterestConfig.fromConfig(tool.ebb());
    this.defaults = UserSettings.fromConfig(tool.ebb());
  }

  /** Writes the case's events through one incarnation in journal writes of {@code batchSize}; returns events/s. */
  double fill(RecoveryCase c, int batchSize, PrintWriter err) throws Exception {
    String name = nextName(c);
    ActorRef<UserCommand> entity =
        AskPattern.<EntityHost.Command, ActorRef<UserCommand>>ask(
                system, replyTo -> new EntityHost.Start(name, entity(c), replyTo), ASK_TIMEOUT, system.scheduler())
            .toCompletableFuture().get();
    SplittableRandom random = new SplittableRandom(c.userId().hashCode());
    Instant first = Instant.now().minusSeconds(10L * c.events());
    AtomicLong written = new AtomicLong();
    long start = System.nanoTime();
    Progress ticker = Progress.sampling("recovery", "events written", written::get, c::userId, err);
    try {
      for (int from = 0; from < c.events(); from += batchSize) {
        List<BehaviorRecorded> batch = new ArrayList<>();
        for (int i = from; i < Math.min(c.events(), from + batchSize); i++) {
          batch.add(event(i, first.plusSeconds(10L * i), random));
        }
        BatchRecorded recorded =
            AskPattern.<UserCommand, BatchRecorded>askWithStatus(
                    entity, replyTo -> new RecordBatch(batch, replyTo), ASK_TIMEOUT, system.scheduler())
                .toCompletableFuture().get();
        written.addAndGet(recorded.accepted());
      }
    } finally {
      ticker.close();
    }
    double rate = written.get() / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    stop(name);
    if (written.get() != c.events()) {
      throw new IllegalStateException("wrote " + written.get() + " events for " + c.userId() + ", not " + c.events());
    }
    err.printf(Locale.ROOT, "[recovery] %s: %,d events written (%,.0f events/s)%n", c.userId(), c.events(), rate);
    err.flush();
    return rate;
  }

  /**
   * One untimed recovery, then {@code repeat} timed ones, each from spawn to the first answer (its interests),
   * each checked to hold all the case's events.
   */
  Histogram timeRecoveries(RecoveryCase c, int repeat, PrintWriter err) throws Exception {
    Latencies latencies = new Latencies();
    for (int i = 0; i <= repeat; i++) {
      String name = nextName(c);
      long start = System.nanoTime();
      UserInterests interests =
          AskPattern.<EntityHost.Command, UserInterests>ask(
                  system, replyTo -> new EntityHost.StartAndAsk(name, entity(c), replyTo), ASK_TIMEOUT,
                  system.scheduler())
              .toCompletableFuture().get();
      long nanos = System.nanoTime() - start;
      stop(name);
      if (interests.eventCount() != c.events()) {
        throw new IllegalStateException(
            c.userId() + " recovered " + interests.eventCount() + " events, not " + c.events());
      }
      if (i > 0) {
        latencies.recordNanos(nanos);
      }
      err.printf(Locale.ROOT, "[recovery] %s: %s recovery %.1f ms%n",
          c.userId(), i == 0 ? "untimed" : "#" + i, nanos / 1e6);
      err.flush();
    }
    return latencies.snapshot();
  }

  /** Deletes the users' events and snapshots, as forgetting a user does. */
  void forget(List<String> userIds, PrintWriter err) {
    UserInterest.Forgetter forgetter = UserInterest.Forgetter.cassandra(system);
    for (String userId : userIds) {
      try {
        forgetter.deleteAll(UserInterest.persistenceId(userId).id()).toCompletableFuture().get(2, TimeUnit.MINUTES);
      } catch (Exception e) {
        err.println("[recovery] could not delete the journal of " + userId + ": " + e);
      }
    }
    err.printf(Locale.ROOT, "[recovery] deleted the journals and snapshots of %d bench users%n", userIds.size());
    err.flush();
  }

  /** A fresh incarnation: the service's user settings, but this case's snapshot interval ("none" = never). */
  private org.apache.pekko.actor.typed.Behavior<UserCommand> entity(RecoveryCase c) {
    UserSettings s = defaults;
    int every = c.snapshots() ? c.snapshotEvery() : Integer.MAX_VALUE;
    UserSettings settings =
        new UserSettings(s.maxConsumedItems(), s.dedupWindow(), s.recentEvents(), every, s.keepSnapshots(),
            s.tickInterval(), s.maxFutureSkew());
    UserInterest.Forgetter never = persistenceId -> {
      throw new UnsupportedOperationException("the benchmark deletes journals itself");
    };
    return UserInterest.create(
        c.userId(), new UserInterest.Dependencies(settings, () -> interest, catalog, Clock.systemUTC(), never));
  }

  /** A typical mix (mostly views, some ratings) on random items, one every 10 s of event time. */
  private BehaviorRecorded event(int i, Instant at, SplittableRandom random) {
    int r = random.nextInt(100);
    EventType type = r < 60 ? EventType.VIEW : r < 80 ? EventType.CLICK : r < 90 ? EventType.LIKE
        : r < 95 ? EventType.ADD_TO_CART : r < 98 ? EventType.PURCHASE : EventType.RATE;
    Double value = type == EventType.RATE ? 0.5 * (1 + random.nextInt(10)) : null;
    String itemId = catalog.itemId(random.nextInt(catalog.size()));
    return new BehaviorRecorded("r-" + i, itemId, type, value, at, Map.of("device", "mobile"));
  }

  private String nextName(RecoveryCase c) {
    return c.userId() + "-" + incarnations.incrementAndGet();
  }

  private void stop(String name) throws Exception {
    AskPattern.<EntityHost.Command, Done>ask(
            system, replyTo -> new EntityHost.Stop(name, replyTo), ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture().get();
  }
}
