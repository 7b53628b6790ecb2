package io.ebb.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.ebb.testing.TestCassandra;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Journal-shaped inserts through the grouping session into the real journal table of the shared test node. */
class GroupedWritesSessionTest {

  private static final String INSERT = """
      INSERT INTO ebb.messages (persistence_id, partition_nr, sequence_nr, timestamp, timebucket, writer_uuid,
        ser_id, ser_manifest, event_manifest, event, tags)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final Set<String> JOURNAL = Set.of("ebb.messages", "ebb.all_persistence_ids");

  private final CqlSession plain = TestCassandra.get().session();
  private final PreparedStatement insert = plain.prepare(INSERT);

  private GroupedWritesSession grouped(int inFlight, int maxBytes) {
    return new GroupedWritesSession(plain, new WriteGroupSettings(WriteGroupSettings.Mode.ON, inFlight, 100, maxBytes), JOURNAL, null);
  }

  private CompletionStage<AsyncResultSet> write(CqlSession session, String pid, long seqNr, int eventBytes) {
    return session.executeAsync(insert.bind(
        pid, 0L, seqNr, Uuids.timeBased(), "1", UUID.randomUUID().toString(), 1, "", "",
        ByteBuffer.wrap(new byte[eventBytes]), Set.<String>of()));
  }

  private static long rows(String pid) {
    return TestCassandra.get().journalRows(pid);
  }

  private static void awaitAll(List<CompletableFuture<AsyncResultSet>> writes) throws Exception {
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  @Test
  void concurrentInsertsOfManyUsersAreWrittenInFewerStatementsAndAllArrive() throws Exception {
    GroupedWritesSession session = grouped(2, 40 * 1024);
    String run = "grouped-" + UUID.randomUUID();
    List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
    for (int user = 0; user < 100; user++) {
      for (long seqNr = 1; seqNr <= 3; seqNr++) {
        writes.add(write(session, run + "-" + user, seqNr, 140).toCompletableFuture());
      }
    }
    awaitAll(writes);

    for (int user = 0; user < 100; user++) {
      assertThat(rows(run + "-" + user)).isEqualTo(3);
    }
    assertThat(session.rowsWritten()).isEqualTo(300);
    assertThat(session.groupsWritten()).isLessThan(300 / 4);
  }

  @Test
  void theByteBoundKeepsGroupsUnderCassandrasBatchFailThreshold() throws Exception {
    String run = "big-" + UUID.randomUUID();
    // 20 KB events: eight of them in one batch are well past the node's 50 KiB batch_size_fail_threshold.
    GroupedWritesSession unbounded = grouped(1, Integer.MAX_VALUE);
    List<CompletableFuture<AsyncResultSet>> refused = new ArrayList<>();
    for (int user = 0; user < 8; user++) {
      refused.add(write(unbounded, run + "-refused-" + user, 1, 20_000).toCompletableFuture());
    }
    assertThatThrownBy(() -> refused.get(7).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("Batch too large");

    GroupedWritesSession bounded = grouped(1, 40 * 1024);
    List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
    for (int user = 0; user < 8; user++) {
      writes.add(write(bounded, run + "-" + user, 1, 20_000).toCompletableFuture());
    }
    awaitAll(writes);
    for (int user = 0; user < 8; user++) {
      assertThat(rows(run + "-" + user)).isEqualTo(1);
    }
    assertThat(bounded.groupsWritten()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void readsOtherTablesAndLightweightTransactionsPassThroughUngrouped() throws Exception {
    GroupedWritesSession session = grouped(1, 40 * 1024);
    String pid = "pass-" + UUID.randomUUID();
    write(session, pid, 1, 140).toCompletableFuture().get(30, TimeUnit.SECONDS);

    AsyncResultSet read = session.executeAsync(plain.prepare(
            "SELECT sequence_nr FROM ebb.messages WHERE persistence_id = ? AND partition_nr = 0").bind(pid))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(read.one().getLong(0)).isEqualTo(1);
    session.executeAsync(plain.prepare("INSERT INTO ebb.all_persistence_ids (persistence_id) VALUES (?) IF NOT EXISTS")
        .bind(pid)).toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(session.rowsWritten()).isEqualTo(1);
  }

  @Test
  void onlyPlainInsertsIntoTheNamedTablesQualify() {
    assertThat(GroupedWritesSession.isPlainInsert(INSERT, JOURNAL)).isTrue();
    assertThat(GroupedWritesSession.isPlainInsert("insert into EBB.all_persistence_ids(persistence_id) values (?)",
        JOURNAL)).isTrue();
    assertThat(GroupedWritesSession.isPlainInsert(
        "INSERT INTO ebb.all_persistence_ids (persistence_id) VALUES (?) IF NOT EXISTS", JOURNAL)).isFalse();
    assertThat(GroupedWritesSession.isPlainInsert("INSERT INTO ebb.messages_archive (a) VALUES (?)", JOURNAL))
        .isFalse();
    assertThat(GroupedWritesSession.isPlainInsert("INSERT INTO ebb.items (item_id) VALUES (?)", JOURNAL)).isFalse();
    assertThat(GroupedWritesSession.isPlainInsert("DELETE FROM ebb.messages WHERE persistence_id = ?", JOURNAL))
        .isFalse();
  }
}
