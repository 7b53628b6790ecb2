package io.ebb.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ebb.api.Http;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forgetting is real: after {@code DELETE /v1/users/{id}} no table of keyspace {@code ebb} holds a row of that user,
 * read straight from Cassandra, and a restarted node does not bring the user back.
 *
 * <p>Which tables could hold a user is read from the schema, not listed here: every table with a {@code
 * persistence_id} column (the journal, its metadata and persistence-id listing, snapshots, the tables of tag
 * queries). The others key by item or by setting name ({@code items}, {@code item_popularity} and
 * {@code item_popularity_recent} count events per item, {@code interest_settings}); the test fails if one of them
 * gains a user column.
 */
class ForgetUserTest {

  /** Snapshots every few events, so that the user has snapshots to forget too. */
  private static final Map<String, Object> SNAPSHOT_OFTEN = Map.of("ebb.user.snapshot-every", 5);

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final CqlSession cql = TestCassandra.get().session();
  private EbbNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aForgottenUserLeavesNoRowInAnyTableAndStaysGoneAfterARestart() throws Exception {
    String userId = "u-forget-" + UUID.randomUUID().toString().substring(0, 8);
    String pid = "UserInterest|" + userId;
    node = TestNode.start(SNAPSHOT_OFTEN);
    Http http = new Http(node.httpPort());
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(Map.of("eventId", "e-" + i, "userId", userId, "itemId", "m-" + (i % 4), "type", "view"));
    }
    assertThat(http.post("/v1/events/batch", Http.json(Map.of("events", events))).status()).isEqualTo(202);
    assertThat(http.post("/v1/events", event(userId, "e-12")).status()).isEqualTo(202);

    // Before forgetting, the user is in the journal, its snapshots and the persistence-id listing, and survives
    // a restart: what the checks below find gone was there.
    awaitTrue(() -> rowsOf(pid).keySet().containsAll(List.of("messages", "snapshots", "all_persistence_ids")));
    node = restart(node);
    http = new Http(node.httpPort());
    assertThat(http.get("/v1/users/" + userId + "/interests").body().path("eventCount").asLong()).isEqualTo(13);

    assertThat(http.delete("/v1/users/" + userId).status()).isEqualTo(204);

    assertThat(rowsOf(pid)).as("rows of %s left after DELETE", pid).isEmpty();
    assertThat(http.get("/v1/users/" + userId + "/interests").status()).isEqualTo(404);
    node = restart(node);
    http = new Http(node.httpPort());
    assertThat(http.get("/v1/users/" + userId + "/interests").status()).isEqualTo(404);
    assertThat(rowsOf(pid)).isEmpty();

    // The same user may come back: a fresh start, its old event ids not taken for duplicates.
    Http.Response again = http.post("/v1/events", event(userId, "e-0"));
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body().path("duplicate").asBoolean()).isFalse();
    assertThat(http.get("/v1/users/" + userId + "/interests").body().path("eventCount").asLong()).isEqualTo(1);
  }

  @Test
  void tablesWithoutPersistenceIdsKeyByItemOrSettingAndHoldNoUser() {
    List<Row> columns =
        cql.execute("SELECT table_name, column_name FROM system_schema.columns WHERE keyspace_name = 'ebb'").all();
    Map<String, List<String>> byTable = new TreeMap<>();
    columns.forEach(
        r -> byTable.computeIfAbsent(r.getString("table_name"), t -> new ArrayList<>()).add(r.getString(1)));
    List<String> withoutPersistenceId =
        byTable.entrySet().stream()
            .filter(e -> !e.getValue().contains("persistence_id"))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(withoutPersistenceId)
        .containsExactlyInAnyOrder("items", "item_popularity", "item_popularity_recent", "interest_settings");
    withoutPersistenceId.forEach(
        table -> assertThat(byTable.get(table)).as(table).noneMatch(c -> c.contains("user")));
    assertThat(byTable.get("item_popularity")).containsExactlyInAnyOrder("item_id", "events");
    assertThat(byTable.get("item_popularity_recent"))
        .containsExactlyInAnyOrder("half_life", "landmark", "item_id", "units");
  }

  /** Per table of keyspace ebb with a persistence_id column, the number of rows of {@code pid} (only non-zero). */
  private Map<String, Integer> rowsOf(String pid) {
    List<String> tables =
        cql.execute(
                "SELECT table_name FROM system_schema.columns WHERE keyspace_name = 'ebb' AND column_name = "
                    + "'persistence_id' ALLOW FILTERING")
            .all()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(tables).contains("messages", "snapshots", "metadata", "all_persistence_ids", "tag_views");
    Map<String, Integer> rows = new TreeMap<>();
    for (String table : tables) {
      // ALLOW FILTERING: in messages and tag_views persistence_id is only part of the key; fine on a test node.
      int n =
          cql.execute("SELECT * FROM ebb." + table + " WHERE persistence_id = ? ALLOW FILTERING", pid)
              .all()
              .size();
      if (n > 0) {
        rows.put(table, n);
      }
    }
    return rows;
  }

  private static EbbNode restart(EbbNode running) throws Exception {
    running.close();
    return TestNode.start(SNAPSHOT_OFTEN);
  }

  private static String event(String userId, String eventId) {
    return Http.json(Map.of("eventId", eventId, "userId", userId, "itemId", "m-1", "type", "view"));
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + PATIENCE);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
