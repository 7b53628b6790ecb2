package io.ebb.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link CatalogStore} in memory, for a {@link Catalog} without Cassandra: the query benchmark fills it with
 * synthetic items and vectors and lets the catalog load them as a node loads its table. Nothing is shared or
 * persisted.
 */
public final class InMemoryCatalogStore implements CatalogStore {

  private final Map<String, StoredItem> items = new ConcurrentHashMap<>();

  /** Stores an item as the tuner and an earlier embedding would have left it, e.g. with a behaviour-learned vector. */
  public void put(StoredItem item) {
    items.put(item.item().itemId(), item);
  }

  @Override
  public CompletionStage<Void> upsertAll(List<EmbeddedItem> embedded) {
    for (EmbeddedItem e : embedded) {
      items.compute(e.item().itemId(), (id, old) -> new StoredItem(
          e.item(), e.textVector(), old == null ? null : old.cfVector(), e.embeddingModel()));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Optional<StoredItem>> get(String itemId) {
    return CompletableFuture.completedFuture(Optional.ofNullable(items.get(itemId)));
  }

  @Override
  public void forEach(Consumer<StoredItem> action) {
    items.values().forEach(action);
  }

  public int size() {
    return items.size();
  }
}
