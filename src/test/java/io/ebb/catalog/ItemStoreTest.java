package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.testing.TestCassandra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real Cassandra node; the table is shared, so every test uses ids of its own. */
class ItemStoreTest {

  private static CqlSession session;
  private static ItemStore store;

  @BeforeAll
  static void connect() {
    session = TestCassandra.get().session();
    store = new ItemStore(session, new ObjectMapper());
  }

  @Test
  void storesAndReadsBackAnItem() {
    String id = unique("heat");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("year", 1995);
    attributes.put("cast", List.of("Pacino", "De Niro"));
    attributes.put("studio", Map.of("name", "Warner"));
    attributes.put("sequel", null);
    Item item = new Item(id, "Heat", "A crime saga", List.of("crime", "thriller"), attributes,
        Instant.parse("2026-11-27T10:15:30.123Z"));
    float[] vector = {0.25f, -1.5f, 3f};

    await(store.upsert(item, vector, "test-model"));

    assertThat(await(store.get(id))).contains(new StoredItem(item, vector, null, "test-model"));
  }

  @Test
  void emptyPartsComeBackEmpty() {
    Item item = new Item(unique("bare"), "Bare", null, List.of(), Map.of(), Instant.now());

    await(store.upsert(item, new float[] {1f}, "test-model"));

    Item read = await(store.get(item.itemId())).orElseThrow().item();
    assertThat(read).isEqualTo(item);
    assertThat(read.description()).isEmpty();
  }

  @Test
  void unknownItemIsEmpty() {
    assertThat(await(store.get(unique("nothing")))).isEmpty();
  }

  @Test
  void storingAgainKeepsTheBehaviourLearnedVector() {
    Item item = new Item(unique("cf"), "Ronin", null, List.of("action"), Map.of(), Instant.now());
    await(store.upsert(item, new float[] {1f, 0f}, "test-model"));
    float[] cf = {0.5f, 0.25f, 2f, 4f};
    session.execute(
        "UPDATE ebb.items SET cf_vector = ? WHERE item_id = ?", Vectors.toBlob(cf), item.itemId());

    Item renamed = new Item(item.itemId(), "Ronin (1998)", null, List.of("action"), Map.of(), Instant.now());
    await(store.upsert(renamed, new float[] {0f, 1f}, "other-model"));

    assertThat(await(store.get(item.itemId())))
        .contains(new StoredItem(renamed, new float[] {0f, 1f}, cf, "other-model"));
  }

  @Test
  void upsertAllStoresEveryItemAndForEachPagesThroughThemAll() {
    String prefix = unique("bulk") + "-";
    Random random = new Random(7);
    List<EmbeddedItem> items = new ArrayList<>();
    for (int i = 0; i < ItemStore.PAGE_SIZE + 100; i++) {
      float[] vector = new float[8];
      for (int d = 0; d < vector.length; d++) {
        vector[d] = random.nextFloat();
      }
      Item item = new Item(prefix + i, "Item " + i, "Number " + i, List.of("t" + i % 3), Map.of("i", i),
          Instant.now());
      items.add(new EmbeddedItem(item, vector, "test-model"));
    }

    await(store.upsertAll(items));

    Map<String, StoredItem> seen = new HashMap<>();
    store.forEach(stored -> {
      if (stored.item().itemId().startsWith(prefix)) {
        seen.put(stored.item().itemId(), stored);
      }
    });
    assertThat(seen).hasSize(items.size());
    for (EmbeddedItem e : items) {
      assertThat(seen.get(e.item().itemId()))
          .isEqualTo(new StoredItem(e.item(), e.textVector(), null, e.embeddingModel()));
    }
  }

  @Test
  void upsertAllOfNothingCompletes() {
    assertThat(await(store.upsertAll(List.of()))).isNull();
    assertThat(await(store.get(unique("x")))).isEqualTo(Optional.empty());
  }

  @AfterAll
  static void removeTestItems() {
    deleteTestItems(session);
  }

  /** The catalog table is shared by every test of the run: leave no test item behind for later node tests. */
  static void deleteTestItems(CqlSession session) {
    for (var row : session.execute("SELECT item_id FROM ebb.items")) {
      String id = row.getString(0);
      if (id.startsWith("test-")) {
        session.execute("DELETE FROM ebb.items WHERE item_id = ?", id);
      }
    }
  }

  static String unique(String name) {
    return "test-" + name + "-" + UUID.randomUUID();
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new AssertionError("stage failed or timed out", e);
    }
  }
}
