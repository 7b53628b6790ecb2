package io.ebb.catalog;

import static io.ebb.catalog.ItemStoreTest.await;
import static io.ebb.catalog.ItemStoreTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.ebb.testing.CountingModel;
import io.ebb.testing.TestCassandra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real model, a real Cassandra node; the table is shared, so every test uses ids of its own. */
class CatalogTest {

  private static EmbeddingModel miniLm;
  private static ItemStore store;
  private static ExecutorService embedExecutor;

  @BeforeAll
  static void setUp() {
    miniLm = EmbeddingModels.create(EmbeddingModels.DEFAULT);
    store = new ItemStore(TestCassandra.get().session(), new ObjectMapper());
    embedExecutor = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void tearDown() {
    embedExecutor.shutdownNow();
    ItemStoreTest.deleteTestItems(TestCassandra.get().session());
  }

  @Test
  void similarRanksTheClosestMeaningFirstAndARestartDoesNotReembed() {
    String prefix = unique("films") + "-";
    Item spaceOpera = item(prefix + "space", "Star Voyagers", "A space opera with starships and galactic empires",
        List.of("sci-fi"));
    Item sciFi = item(prefix + "scifi", "Beyond the Nebula", "A science fiction adventure among the stars",
        List.of("sci-fi", "adventure"));
    Item romCom = item(prefix + "romcom", "Amour in Paris", "A romantic comedy about two bakers in Paris",
        List.of("romance", "comedy"));
    CountingModel counting = new CountingModel(miniLm);
    Catalog catalog = newCatalog(counting);

    for (Item item : List.of(spaceOpera, sciFi, romCom)) {
      assertThat(await(catalog.upsert(item))).isEqualTo(item);
    }

    assertThat(counting.texts).hasSize(3);
    List<ScoredItem> similar = catalog.similar(spaceOpera.itemId(), 50).stream()
        .filter(s -> s.itemId().startsWith(prefix))
        .toList();
    assertThat(similar).extracting(ScoredItem::itemId).containsExactly(sciFi.itemId(), romCom.itemId());
    assertThat(catalog.get(romCom.itemId())).contains(romCom);
    assertThat(catalog.tags(sciFi.itemId())).containsExactly("sci-fi", "adventure");
    assertThat(catalog.tags("no-such-item")).isEmpty();

    CountingModel afterRestart = new CountingModel(miniLm);
    Catalog restarted = newCatalog(afterRestart);
    int loaded = await(restarted.load());

    assertThat(restarted.isLoaded()).isTrue();
    assertThat(loaded).isEqualTo(restarted.size()).isGreaterThanOrEqualTo(3);
    assertThat(afterRestart.texts).doesNotContain(
        ItemText.of(spaceOpera), ItemText.of(sciFi), ItemText.of(romCom));
    assertThat(restarted.get(sciFi.itemId())).contains(sciFi);
    assertThat(restarted.vector(sciFi.itemId()).orElseThrow())
        .containsExactly(catalog.vector(sciFi.itemId()).orElseThrow());
    assertThat(restarted.similar(spaceOpera.itemId(), 50).stream().filter(s -> s.itemId().startsWith(prefix)))
        .extracting(ScoredItem::itemId)
        .containsExactly(sciFi.itemId(), romCom.itemId());
  }

  @Test
  void upsertEmbedsOnlyWhenTheTextChanges() {
    Item heat = item(unique("heat"), "Heat", "A crime saga", List.of("crime"));
    CountingModel counting = new CountingModel(miniLm);
    Catalog catalog = newCatalog(counting);
    await(catalog.upsert(heat));
    float[] first = catalog.vector(heat.itemId()).orElseThrow();

    Item sameText = new Item(heat.itemId(), "Heat", "A crime saga", List.of("crime"), Map.of("year", 1995),
        heat.updatedAt().plusSeconds(60));
    await(catalog.upsert(sameText));
    assertThat(counting.texts).hasSize(1);
    assertThat(catalog.get(heat.itemId())).contains(sameText);
    assertThat(await(store.get(heat.itemId())).orElseThrow().item()).isEqualTo(sameText);

    Item newText = new Item(heat.itemId(), "Heat", "A heist thriller in Los Angeles", List.of("crime"),
        Map.of(), heat.updatedAt().plusSeconds(120));
    await(catalog.upsert(newText));
    assertThat(counting.texts).hasSize(2);
    assertThat(catalog.vector(heat.itemId()).orElseThrow()).isNotEqualTo(first);
    assertThat(catalog.size()).isEqualTo(1);
  }

  @Test
  void upsertAllEmbedsInBatchesAndTheLastOfAnIdWins() {
    String prefix = unique("many") + "-";
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < ItemEmbedder.BATCH_SIZE + 10; i++) {
      items.add(item(prefix + i, "Film " + i, i % 2 == 0 ? "A gentle family drama" : "A violent gangster film",
          List.of("tag" + i % 4)));
    }
    Item replaced = item(prefix + 0, "Film 0", "A western with cowboys", List.of("western"));
    items.add(replaced);
    CountingModel counting = new CountingModel(miniLm);
    Catalog catalog = newCatalog(counting);

    int stored = await(catalog.upsertAll(items));

    assertThat(stored).isEqualTo(ItemEmbedder.BATCH_SIZE + 10);
    assertThat(catalog.size()).isEqualTo(stored);
    assertThat(counting.calls).hasSizeGreaterThanOrEqualTo(2).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(64));
    assertThat(catalog.get(prefix + 0)).contains(replaced);
    assertThat(await(store.get(prefix + 0)).orElseThrow().item()).isEqualTo(replaced);
    assertThat(catalog.similar(prefix + 1, 1)).extracting(ScoredItem::itemId).first()
        .matches(id -> Integer.parseInt(id.substring(prefix.length())) % 2 == 1, "another gangster film");

    CountingModel again = new CountingModel(miniLm);
    assertThat(await(newCatalog(again).upsertAll(items))).isEqualTo(stored);
    assertThat(again.texts).isEmpty();
  }

  @Test
  void loadReembedsItemsStoredUnderAnotherModelOnce() {
    Item old = item(unique("old"), "The Third Man", "Post-war Vienna noir", List.of("noir"));
    await(store.upsert(old, new float[] {1f, 0f, 0f}, "some-older-model"));

    CountingModel counting = new CountingModel(miniLm);
    Catalog catalog = newCatalog(counting);
    await(catalog.load());

    assertThat(counting.texts).contains(ItemText.of(old));
    assertThat(catalog.get(old.itemId())).contains(old);
    assertThat(catalog.vector(old.itemId()).orElseThrow()).hasSize(384);
    StoredItem restored = await(store.get(old.itemId())).orElseThrow();
    assertThat(restored.embeddingModel()).isEqualTo(EmbeddingModels.DEFAULT);
    assertThat(restored.textVector()).containsExactly(catalog.vector(old.itemId()).orElseThrow());

    CountingModel next = new CountingModel(miniLm);
    await(newCatalog(next).load());
    assertThat(next.texts).doesNotContain(ItemText.of(old));
  }

  @Test
  void refreshPicksUpAChangeMadeElsewhere() {
    Item item = item(unique("elsewhere"), "Alien", "Horror in space", List.of("horror"));
    Catalog here = newCatalog(new CountingModel(miniLm));
    Catalog there = newCatalog(new CountingModel(miniLm));
    await(there.upsert(item));
    assertThat(here.get(item.itemId())).isEmpty();

    assertThat(await(here.refresh(item.itemId()))).contains(item);

    assertThat(here.get(item.itemId())).contains(item);
    assertThat(here.vector(item.itemId()).orElseThrow()).containsExactly(there.vector(item.itemId()).orElseThrow());
    assertThat(await(here.refresh(unique("gone")))).isEmpty();
  }

  private Catalog newCatalog(EmbeddingModel model) {
    return new Catalog(store, new ItemEmbedder(model, EmbeddingModels.DEFAULT), new ExactVectorIndex(),
        embedExecutor);
  }

  private static Item item(String id, String title, String description, List<String> tags) {
    return new Item(id, title, description, tags, Map.of(), Instant.parse("2026-11-27T10:00:00Z"));
  }
}
