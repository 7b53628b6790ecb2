package io.ebb.catalog;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What {@link Catalog} needs of the place its items are kept: {@link ItemStore} (Cassandra, shared by every node)
 * in the service, {@link InMemoryCatalogStore} where there is no Cassandra (benchmarks, tests).
 */
public interface CatalogStore {

  /** Stores the items with their text vectors; an item's behaviour-learned vector is left as it was. */
  CompletionStage<Void> upsertAll(List<EmbeddedItem> items);

  CompletionStage<Optional<StoredItem>> get(String itemId);

  /** Hands every stored item to {@code action}. May block: call it from a thread that may wait. */
  void forEach(Consumer<StoredItem> action);
}
