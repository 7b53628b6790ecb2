package io.ebb.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {

  @Test
  void statementsEndAtASemicolonAtTheEndOfALineAndCommentsAreSkipped() {
    List<String> statements = Schema.statements("""
        -- a comment; with a semicolon;
        CREATE TABLE a (
          k text PRIMARY KEY,   // not a comment here: only whole lines are
          v text);

        // another comment
        INSERT INTO a (k, v) VALUES ('x', 'semi;colon');
        SELECT * FROM a
        """);

    assertThat(statements).containsExactly(
        "CREATE TABLE a (\n  k text PRIMARY KEY,   // not a comment here: only whole lines are\n  v text)",
        "INSERT INTO a (k, v) VALUES ('x', 'semi;colon')",
        "SELECT * FROM a");
  }

  @Test
  void theShippedScriptsCreateTheKeyspaceAndEveryTable() {
    assertThat(Schema.statements(Schema.read("keyspace-local.cql")))
        .singleElement().asString().contains("CREATE KEYSPACE IF NOT EXISTS ebb", "'replication_factor': 1");
    assertThat(Schema.statements(Schema.read("keyspace-production.cql")))
        .singleElement().asString().contains("NetworkTopologyStrategy", "'datacenter1': 3");

    List<String> script = Schema.statements(Schema.read("tables.cql"));
    // A column added after a table shipped is added to existing tables by an ALTER that is harmless twice.
    List<String> tables = script.stream().filter(cql -> !cql.startsWith("ALTER TABLE ")).toList();
    assertThat(script).filteredOn(cql -> cql.startsWith("ALTER TABLE "))
        .containsExactly("ALTER TABLE ebb.interest_settings ADD IF NOT EXISTS report text");
    assertThat(tables).allSatisfy(cql -> assertThat(cql).startsWith("CREATE TABLE IF NOT EXISTS ebb."));
    assertThat(tables).extracting(cql -> cql.split("[\\s(]+")[5]).containsExactly(
        "ebb.messages", "ebb.tag_views", "ebb.tag_write_progress", "ebb.tag_scanning", "ebb.metadata",
        "ebb.all_persistence_ids", "ebb.snapshots", "ebb.items", "ebb.item_popularity", "ebb.item_popularity_recent",
        "ebb.interest_settings");
  }

  @Test
  void anUnknownScriptIsAClearError() {
    assertThatThrownBy(() -> Schema.read("nope.cql"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/cluster-config/nope.cql");
  }
}
