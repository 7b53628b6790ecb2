package io.ebb.testing;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Collection;

/**
 * The catalog tables are shared by every test of a run; tests that load many real items remove them again, so
 * the semantic assertions of later tests (nearest items, top-3 genres) see only their own items.
 */
public final class TestCatalog {

  private TestCatalog() {}

  public static void deleteItems(Collection<String> itemIds) {
    var session = TestCassandra.get().session();
    for (String id : itemIds) {
      session.execute("DELETE FROM ebb.items WHERE item_id = ?", id);
      session.execute("DELETE FROM ebb.item_popularity WHERE item_id = ?", id);
      // Recent counts are partitioned by half-life and landmark: find the item's (fine on a test node).
      for (Row row : session.execute("SELECT half_life, landmark FROM ebb.item_popularity_recent WHERE item_id = ? "
          + "ALLOW FILTERING", id)) {
        session.execute("DELETE FROM ebb.item_popularity_recent WHERE half_life = ? AND landmark = ? AND item_id = ?",
            row.getLong(0), row.getLong(1), id);
      }
    }
  }
}
