package io.ebb.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ebb.user.UserInterest;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ebb bench recovery}: how long a user entity takes from spawn to its first answer when its journal holds
 * N events, with snapshots every K events and without any. Runs the real {@link UserInterest} in-process against
 * the real journal (the data folder's Cassandra node, or a cluster): per case it writes N events for a fresh
 * user, stops the entity, then times fresh incarnations, each asked for its interests as soon as it is spawned
 * (after one untimed incarnation, and after a small warm-up user that pays for starting the journal plugins).
 * Deletes the bench users' journals at the end unless {@code --keep}.
 */
@Command(
    name = "recovery",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Time a user entity's recovery from a journal of N events, with and without snapshots.")
public final class RecoveryBench implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "10000",
      split = ",",
      description = "Events in the journal; several separated by commas (${DEFAULT-VALUE}).")
  List<Integer> events;

  @Option(
      names = "--snapshot-every",
      defaultValue = "100",
      description = "Snapshot interval of the snapshot case (${DEFAULT-VALUE}).")
  int snapshotEvery;

  @Option(
      names = "--repeat",
      defaultValue = "5",
      description = "Timed recoveries per case, after one untimed (${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--items",
      defaultValue = "10000",
      description = "Items of the in-memory catalog the events refer to (${DEFAULT-VALUE}).")
  int items;

  @Option(
      names = "--write-batch",
      defaultValue = "100",
      description = "Events per journal write while filling (${DEFAULT-VALUE}).")
  int writeBatch;

  @Option(names = "--keep", description = "Keep the bench users' journals (default: delete them at the end).")
  boolean keep;

  @Mixin JournalOptions journal;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    RecoveryCase warmUp = new RecoveryCase(20, 10, "bench-recovery-" + run + "-warmup");
    List<RecoveryCase> cases = new ArrayList<>();
    for (int n : events) {
      cases.add(new RecoveryCase(n, snapshotEvery, "bench-recovery-" + run + "-" + n + "-snap" + snapshotEvery));
      cases.add(new RecoveryCase(n, 0, "bench-recovery-" + run + "-" + n + "-nosnap"));
    }
    FigureTable table = new FigureTable(
        "events", "snapshots", "recoveries", "p50 ms", "min ms", "max ms", "snapshot KiB", "events/s written");
    try (JournalTool tool = journal.open();
        CqlSession session = tool.session()) {
      ActorSystem<EntityHost.Command> system =
          ActorSystem.create(EntityHost.create(), "ebb-bench-recovery", tool.localSystemConfig());
      RandomItems catalog = new RandomItems("bench-rec-i-", items, RandomItems.DIMENSION, 42);
      BenchEntities entities = new BenchEntities(system, tool, catalog);
      try {
        entities.fill(warmUp, writeBatch, err);
        entities.timeRecoveries(warmUp, 1, err);
        for (RecoveryCase c : cases) {
          double writeRate = entities.fill(c, writeBatch, err);
          Histogram h = entities.timeRecoveries(c, repeat, err);
          long snapshotBytes = c.snapshots() ? latestSnapshotBytes(session, tool.snapshotTable(), c.userId()) : 0;
          table.row(
              String.format(Locale.ROOT, "%,d", c.events()),
              c.snapshots() ? "every " + c.snapshotEvery() : "off",
              Integer.toString(repeat),
              ms(Latencies.percentileMillis(h, 50)),
              ms(h.getMinValue() / 1000.0),
              ms(h.getMaxValue() / 1000.0),
              c.snapshots() ? String.format(Locale.ROOT, "%,.1f", snapshotBytes / 1024.0) : "-",
              String.format(Locale.ROOT, "%,.0f", writeRate));
        }
      } finally {
        if (!keep) {
          List<String> users = new ArrayList<>(List.of(warmUp.userId()));
          cases.forEach(c -> users.add(c.userId()));
          entities.forget(users, err);
        }
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.printf(Locale.ROOT, "Entity recovery, spawn to first answer (GetInterests), %d-d item vectors, journal at %s%n",
        RandomItems.DIMENSION, journal.describe());
    table.print(out);
    out.println("Each case is a fresh user whose journal holds exactly that many events; \"off\" never wrote a "
        + "snapshot; the snapshot size is the last one's, as stored.");
    out.flush();
    return 0;
  }

  /** The size of the user's latest snapshot as stored: what a recovery reads and deserializes first. */
  private static long latestSnapshotBytes(CqlSession session, String table, String userId) {
    Row row = session.execute(
        "SELECT snapshot, snapshot_data FROM " + table + " WHERE persistence_id = ? LIMIT 1",
        UserInterest.persistenceId(userId).id()).one();
    if (row == null) {
      return 0;
    }
    ByteBuffer legacy = row.getByteBuffer("snapshot");
    ByteBuffer data = row.getByteBuffer("snapshot_data");
    return Math.max(legacy == null ? 0 : legacy.remaining(), data == null ? 0 : data.remaining());
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f", millis);
  }

  private void validate() {
    if (events.isEmpty() || events.stream().anyMatch(n -> n < 1)) {
      throw new ParameterException(spec.commandLine(), "--events must be positive");
    }
    if (snapshotEvery < 1 || repeat < 1 || items < 1 || writeBatch < 1 || writeBatch > 1000) {
      throw new ParameterException(spec.commandLine(),
          "--snapshot-every, --repeat and --items must be at least 1, --write-batch 1..1000");
    }
  }
}
