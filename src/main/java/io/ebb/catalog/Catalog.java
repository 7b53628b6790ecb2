package io.ebb.catalog;

import io.ebb.model.ItemSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog as one node sees it: every item and its vector in memory, written through to the shared
 * {@link ItemStore} (or another {@link CatalogStore}).
 *
 * <p>The embedding model is the expensive part, so it is asked only when it must be: an item whose text
 * ({@link ItemText}) and model are those already stored keeps its stored vector, whether it is upserted
 * again or loaded at start. Items stored under another model than this node's are re-embedded and
 * re-stored when the catalog loads. Embedding runs on the given executor, never on the caller's or the
 * Cassandra driver's threads.
 *
 * <p>The index holds each item's vector as the active serving model's {@link ItemSpace} makes it: its text
 * embedding, and, once the tuner has stored them, its behaviour-learned vector ({@link StoredItem#cfVector()};
 * the candidate side of an asymmetric one). {@link #foldVector} is what a user's event on the item folds (the
 * history side). {@link #useItemSpace} rebuilds the index for a new space and swaps it in.
 *
 * <p>An item and its vector change together (per item, atomically); a reader may, for an instant, find a
 * new item's vector in the index before {@link #get} finds the item.
 */
public final class Catalog {

  /** Items per step of {@link #upsertAll} and of re-embedding in {@link #load}: a few model batches. */
  static final int CHUNK_SIZE = ItemEmbedder.BATCH_SIZE * 4;

  private static final Logger log = LoggerFactory.getLogger(Catalog.class);

  private final CatalogStore store;
  private final ItemEmbedder embedder;
  private final Supplier<VectorIndex> newIndex;
  private final Executor embedExecutor;
  private final Map<String, Item> items = new ConcurrentHashMap<>();
  private final Map<String, float[]> textVectors = new ConcurrentHashMap<>();
  private final Map<String, float[]> cfVectors = new ConcurrentHashMap<>();
  private volatile VectorIndex index;
  private volatile ItemSpace space = ItemSpace.TEXT_ONLY;
  private volatile boolean loaded;
  /** Counts item changes, so the newest-items list is sorted again only after one. */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
  private volatile Newest newest = new Newest(-1, List.of());

  public Catalog(CatalogStore store, ItemEmbedder embedder, VectorIndex index, Executor embedExecutor) {
    this(store, embedder, index, ExactVectorIndex::new, embedExecutor);
  }

  /** {@code newIndex} makes the empty index that {@link #useBlend} fills and swaps in. */
  public Catalog(
      CatalogStore store,
      ItemEmbedder embedder,
      VectorIndex index,
      Supplier<VectorIndex> newIndex,
      Executor embedExecutor) {
    this.store = Objects.requireNonNull(store, "store");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.index = Objects.requireNonNull(index, "index");
    this.newIndex = Objects.requireNonNull(newIndex, "newIndex");
    this.embedExecutor = Objects.requireNonNull(embedExecutor, "embedExecutor");
  }

  /**
   * Serves item vectors made in {@code next} from now on: re-reads the behaviour-learned vectors from the store,
   * builds a new index and swaps it in. Upserts wait while the new index is filled. The old index is closed (a graph
   * build it had running stops); readers that took it just before still get their answers. Runs on the embedding
   * executor, never on the caller's thread.
   */
  public CompletionStage<Void> useItemSpace(ItemSpace next) {
    return CompletableFuture.runAsync(
        () -> {
          Map<String, float[]> cf = new HashMap<>();
          store.forEach(stored -> {
            if (stored.cfVector() != null) {
              cf.put(stored.item().itemId(), stored.cfVector());
            }
          });
          int unusable = 0;
          synchronized (this) {
            cfVectors.clear();
            cfVectors.putAll(cf);
            VectorIndex fresh = newIndex.get();
            for (Map.Entry<String, float[]> e : textVectors.entrySet()) {
              float[] stored = cfVectors.get(e.getKey());
              if (stored != null && next.usesCf() && next.candidatePart(stored) == null) {
                unusable++;
              }
              fresh.upsert(e.getKey(), next.indexSide(e.getValue(), next.candidatePart(stored)));
            }
            VectorIndex old = index;
            space = next;
            index = fresh;
            old.close();
          }
          if (unusable > 0) {
            log.warn("{} items have a behaviour-learned vector of another dimension than {}: they keep their text part",
                unusable, next);
          }
          log.info("Serving item vectors as {} ({} of {} items have a behaviour-learned part)", next, cf.size(),
              items.size());
        },
        embedExecutor);
  }

  public ItemSpace itemSpace() {
    return space;
  }

  /**
   * What a user's event on the item folds into their interest: the index's vector, or for asymmetric
   * collaborative vectors the item's history side. Empty for an item this node does not know.
   */
  public Optional<float[]> foldVector(String itemId) {
    ItemSpace s = space;
    if (!s.asymmetric()) {
      return index.vector(itemId);
    }
    float[] text = textVectors.get(itemId);
    return text == null ? Optional.empty() : Optional.of(s.foldSide(text, s.historyPart(cfVectors.get(itemId))));
  }

  /** A text embedding (a stated topic's) in the served item space: its text part scaled as items' are. */
  public float[] textInItemSpace(float[] textEmbedding) {
    return space.ofText(textEmbedding);
  }

  /**
   * The {@code n} most recently updated items that {@code exclude} does not reject, newest first (ties by id):
   * what fills a cold list. Sorted once per catalog change, not per request.
   */
  public List<String> newest(int n, Predicate<String> exclude) {
    long version = changes.get();
    Newest sorted = newest;
    if (sorted.version() != version) {
      List<String> ids = items.values().stream()
          .sorted(Comparator.comparing(Item::updatedAt).reversed().thenComparing(Item::itemId))
          .map(Item::itemId)
          .toList();
      sorted = new Newest(version, ids);
      newest = sorted;
    }
    List<String> out = new ArrayList<>(n);
    for (String id : sorted.ids()) {
      if (out.size() == n) {
        break;
      }
      if (!exclude.test(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private record Newest(long version, List<String> ids) {}

  /** Embeds the item if its text or the model changed, stores it, and makes it searchable here. */
  public CompletionStage<Item> upsert(Item item) {
    return upsertChunk(List.of(item)).thenApply(n -> item);
  }

  /**
   * {@link #upsert} for many items, embedded {@value ItemEmbedder#BATCH_SIZE} per model call. Of items with
   * the same id, the last one counts. Completes with the number of distinct items stored.
   */
  public CompletionStage<Integer> upsertAll(List<Item> newItems) {
    Map<String, Item> byId = new LinkedHashMap<>();
    for (Item item : newItems) {
      byId.remove(item.itemId()); // keep the position of the last one too
      byId.put(item.itemId(), item);
    }
    return inChunks(new ArrayList<>(byId.values()), this::upsertChunk);
  }

  public Optional<Item> get(String itemId) {
    return Optional.ofNullable(items.get(itemId));
  }

  /** A read-only view of the items in memory, for scans such as popularity priors. */
  public Collection<Item> items() {
    return Collections.unmodifiableCollection(items.values());
  }

  public Optional<float[]> vector(String itemId) {
    return index.vector(itemId);
  }

  /** The item's tags, or none for an unknown item. */
  public List<String> tags(String itemId) {
    Item item = items.get(itemId);
    return item == null ? List.of() : item.tags();
  }

  /** The {@code k} items closest to {@code itemId} by inner product, the item itself left out. */
  public List<ScoredItem> similar(String itemId, int k) {
    return index
        .vector(itemId)
        .map(v -> index.topK(v, k, id -> id.equals(itemId)))
        .orElse(List.of());
  }

  /**
   * Reads every stored item into memory and the index. Vectors stored under this node's model are taken as
   * they are; the other items are re-embedded and re-stored. Completes with the number of items loaded.
   * The scan blocks a thread of the embedding executor while it pages through the table.
   */
  public CompletionStage<Integer> load() {
    long start = System.nanoTime();
    return CompletableFuture.supplyAsync(this::scanStore, embedExecutor)
        .thenCompose(scan -> reembed(scan.stale()).thenApply(reembedded -> {
          loaded = true;
          log.info("Loaded {} items into the catalog in {} ms ({} re-embedded with {})",
              scan.current() + reembedded, (System.nanoTime() - start) / 1_000_000, reembedded,
              embedder.modelId());
          return scan.current() + reembedded;
        }));
  }

  /**
   * Brings one item up to date from the store, e.g. after another node changed it: re-embedded only if it
   * was stored under another model; dropped from memory if it is no longer stored.
   */
  public CompletionStage<Optional<Item>> refresh(String itemId) {
    return store.get(itemId).thenCompose(stored -> {
      if (stored.isEmpty()) {
        synchronized (this) {
          items.computeIfPresent(itemId, (id, old) -> {
            index.remove(id);
            textVectors.remove(id);
            changes.incrementAndGet();
            return null;
          });
        }
        return CompletableFuture.completedFuture(Optional.<Item>empty());
      }
      StoredItem s = stored.get();
      if (isCurrent(s)) {
        apply(s.item(), s.textVector());
        return CompletableFuture.completedFuture(Optional.of(s.item()));
      }
      return embedStoreApply(List.of(s.item())).thenApply(n -> Optional.of(s.item()));
    });
  }

  public int size() {
    return items.size();
  }

  /** Whether {@link #load} has completed. */
  public boolean isLoaded() {
    return loaded;
  }

  public VectorIndex index() {
    return index;
  }

  public ItemEmbedder embedder() {
    return embedder;
  }

  private CompletionStage<Integer> upsertChunk(List<Item> chunk) {
    return BoundedAsync.map(chunk, ItemStore.MAX_IN_FLIGHT, item -> store.get(item.itemId()))
        .thenCompose(stored -> {
          List<Item> toEmbed = new ArrayList<>();
          List<EmbeddedItem> toStore = new ArrayList<>();
          List<EmbeddedItem> unchanged = new ArrayList<>();
          for (int i = 0; i < chunk.size(); i++) {
            Item item = chunk.get(i);
            Optional<StoredItem> previous = stored.get(i);
            if (previous.isEmpty() || !isCurrent(previous.get())
                || !ItemText.of(previous.get().item()).equals(ItemText.of(item))) {
              toEmbed.add(item);
            } else {
              EmbeddedItem kept = new EmbeddedItem(item, previous.get().textVector(), embedder.modelId());
              (previous.get().item().equals(item) ? unchanged : toStore).add(kept);
            }
          }
          return embed(toEmbed).thenCompose(embedded -> {
            toStore.addAll(embedded);
            return store.upsertAll(toStore).thenApply(done -> {
              toStore.forEach(e -> apply(e.item(), e.textVector()));
              unchanged.forEach(e -> apply(e.item(), e.textVector()));
              return chunk.size();
            });
          });
        });
  }

  private record Scan(int current, List<Item> stale) {}

  private Scan scanStore() {
    int[] current = {0};
    List<Item> stale = new ArrayList<>();
    store.forEach(stored -> {
      if (stored.cfVector() != null) {
        cfVectors.put(stored.item().itemId(), stored.cfVector());
      }
      if (isCurrent(stored)) {
        applyUnlessOlder(stored.item(), stored.textVector());
        current[0]++;
      } else {
        stale.add(stored.item());
      }
    });
    return new Scan(current[0], stale);
  }

  private CompletionStage<Integer> reembed(List<Item> stale) {
    if (stale.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    log.info("Re-embedding {} items stored under another model than {}", stale.size(), embedder.modelId());
    return inChunks(stale, chunk -> {
      // An upsert that ran while the table was scanned has already stored this item with our model.
      List<Item> still = chunk.stream().filter(item -> !newerInMemory(item)).toList();
      return embedStoreApply(still).thenApply(n -> chunk.size());
    });
  }

  private CompletionStage<Integer> embedStoreApply(List<Item> toEmbed) {
    return embed(toEmbed).thenCompose(embedded -> store.upsertAll(embedded).thenApply(done -> {
      embedded.forEach(e -> applyUnlessOlder(e.item(), e.textVector()));
      return embedded.size();
    }));
  }

  /**
   * Embeds on the embedding executor, split into one task per core: the in-process model runs a batch on the
   * calling thread, so a bulk upsert would otherwise use one core however many the node has.
   */
  private CompletionStage<List<EmbeddedItem>> embed(List<Item> toEmbed) {
    if (toEmbed.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
        (toEmbed.size() + ItemEmbedder.BATCH_SIZE - 1) / ItemEmbedder.BATCH_SIZE));
    int per = (toEmbed.size() + parts - 1) / parts;
    List<CompletableFuture<List<EmbeddedItem>>> tasks = new ArrayList<>(parts);
    for (int from = 0; from < toEmbed.size(); from += per) {
      List<Item> part = toEmbed.subList(from, Math.min(from + per, toEmbed.size()));
      tasks.add(CompletableFuture.supplyAsync(() -> {
        List<float[]> vectors = embedder.embedAll(part.stream().map(ItemText::of).toList());
        List<EmbeddedItem> embedded = new ArrayList<>(part.size());
        for (int i = 0; i < part.size(); i++) {
          embedded.add(new EmbeddedItem(part.get(i), vectors.get(i), embedder.modelId()));
        }
        return embedded;
      }, embedExecutor));
    }
    return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<EmbeddedItem> all = new ArrayList<>(toEmbed.size());
      tasks.forEach(t -> all.addAll(t.join()));
      return all;
    });
  }

  /** Whether the stored text vector was made by this node's model (and so can be used as it is). */
  private boolean isCurrent(StoredItem stored) {
    return embedder.modelId().equals(stored.embeddingModel())
        && stored.textVector() != null
        && stored.textVector().length == embedder.dimension();
  }

  private boolean newerInMemory(Item item) {
    Item current = items.get(item.itemId());
    return current != null && current.updatedAt().isAfter(item.updatedAt());
  }

  /** The item and its text vector, replacing what this node had. */
  private synchronized void apply(Item item, float[] textVector) {
    items.compute(item.itemId(), (id, old) -> {
      put(id, textVector);
      return item;
    });
  }

  /** As {@link #apply}, unless this node already has a newer version (written while loading). */
  private synchronized void applyUnlessOlder(Item item, float[] textVector) {
    items.compute(item.itemId(), (id, old) -> {
      if (old != null && old.updatedAt().isAfter(item.updatedAt())) {
        return old;
      }
      put(id, textVector);
      return item;
    });
  }

  private void put(String itemId, float[] textVector) {
    ItemSpace s = space;
    textVectors.put(itemId, textVector);
    index.upsert(itemId, s.indexSide(textVector, s.candidatePart(cfVectors.get(itemId))));
    changes.incrementAndGet();
  }

  /** Runs {@code step} over consecutive chunks, one chunk after the other, summing what each returns. */
  private static CompletionStage<Integer> inChunks(
      List<Item> all, Function<List<Item>, CompletionStage<Integer>> step) {
    CompletionStage<Integer> total = CompletableFuture.completedFuture(0);
    for (int from = 0; from < all.size(); from += CHUNK_SIZE) {
      List<Item> chunk = List.copyOf(all.subList(from, Math.min(from + CHUNK_SIZE, all.size())));
      total = total.thenCompose(sum -> step.apply(chunk).thenApply(n -> sum + n));
    }
    return total;
  }
}
