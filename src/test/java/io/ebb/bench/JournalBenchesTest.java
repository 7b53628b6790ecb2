package io.ebb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.testing.TestCassandra;
import io.ebb.user.UserInterest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench recovery} and {@code bench replay} against the real test Cassandra node: recovery writes real
 * journals (with and without snapshots) through the real entity and times their recovery; replay then reads them
 * back with the rest of the journal.
 */
class JournalBenchesTest {

  private static final Pattern WRITTEN =
      Pattern.compile("\\[recovery\\] (bench-recovery-\\S+): ([0-9,]+) events written");

  @Test
  void recoveryTimesBothCasesAndReplayReadsTheirEvents() {
    String cassandra = TestCassandra.get().contactPoint();

    BenchOutput recovery = BenchOutput.run(
        "recovery", "--cassandra", cassandra, "--events", "250", "--snapshot-every", "100", "--repeat", "2",
        "--items", "500", "--keep");

    assertThat(recovery.out()).containsPattern("\\| 250 +\\| every 100 \\| +2 \\| +[0-9.]+ \\|");
    assertThat(recovery.out()).containsPattern("\\| 250 +\\| +off \\| +2 \\| +[0-9.]+ \\|");
    String snapshotted = userWritten(recovery, "-snap100");
    String plain = userWritten(recovery, "-nosnap");
    assertThat(rows("ebb.snapshots", snapshotted)).as("snapshots of %s", snapshotted).isPositive();
    assertThat(rows("ebb.snapshots", plain)).as("snapshots of %s", plain).isZero();

    BenchOutput replay = BenchOutput.run("replay", "--cassandra", cassandra);

    assertThat(replay.number("events read")).isGreaterThanOrEqualTo(500);
    assertThat(replay.number("persistence ids (users with events)")).isGreaterThanOrEqualTo(2);
    assertThat(replay.number("read-only events/s")).isPositive();
    assertThat(replay.number("read + fold events/s")).isPositive();
  }

  @Test
  void recoveryDeletesItsJournalsUnlessKept() {
    BenchOutput recovery = BenchOutput.run(
        "recovery", "--cassandra", TestCassandra.get().contactPoint(), "--events", "40", "--snapshot-every", "10",
        "--repeat", "1", "--items", "50");

    assertThat(rows("ebb.messages", userWritten(recovery, "-snap10"))).isZero();
    assertThat(rows("ebb.snapshots", userWritten(recovery, "-snap10"))).isZero();
    assertThat(rows("ebb.messages", userWritten(recovery, "-nosnap"))).isZero();
  }

  private static String userWritten(BenchOutput run, String suffix) {
    Matcher m = WRITTEN.matcher(run.err());
    while (m.find()) {
      if (m.group(1).endsWith(suffix)) {
        return m.group(1);
      }
    }
    throw new AssertionError("no user ending in " + suffix + " in:\n" + run.err());
  }

  private static long rows(String table, String userId) {
    String persistenceId = UserInterest.persistenceId(userId).id();
    String where = table.equals("ebb.messages") ? "persistence_id = ? AND partition_nr = 0" : "persistence_id = ?";
    return TestCassandra.get().session()
        .execute("SELECT count(*) FROM " + table + " WHERE " + where, persistenceId)
        .one().getLong(0);
  }
}
