package io.ebb.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact search while the catalog is small, a graph once it is large: the {@link VectorIndex} a node serves with
 * {@code ebb.catalog.index.kind = auto} (and, with a threshold of 1, {@code hnsw}).
 *
 * <p>Below {@code threshold} items an exact scan is fast, exact and cheap in memory, so the index is an
 * {@link ExactVectorIndex}. When an upsert takes it to the threshold, a graph is built in the background from a
 * snapshot of the item ids, on threads of its own, while the exact index goes on serving reads and taking writes.
 * Each write of that time is also recorded (the last one per item); when the build is done, the recorded writes
 * are applied to the graph in rounds, and the last few while writes wait, right before the graph takes over.
 * If the graph fell too far behind (more writes than half its size, e.g. the whole catalog being loaded at start),
 * it is dropped and built again from a fresh snapshot, which is cheaper than inserting the writes one by one.
 * From then on every call goes to the {@link HnswVectorIndex}, which keeps itself up to date, and the exact index
 * is released: this index never holds both for longer than a build.
 *
 * <p>It stays a graph if the catalog later shrinks below the threshold: a few slower queries beat flapping.
 */
public final class TieredVectorIndex implements VectorIndex {

  private static final Logger log = LoggerFactory.getLogger(TieredVectorIndex.class);
  /** Writes applied under the lock when the graph takes over; more are applied before, without it. */
  private static final int FINAL_REPLAY = 64;
  /** Catch-up rounds with writes going on before the last one is applied with writes waiting. */
  private static final int MAX_CATCH_UP_ROUNDS = 4;
  /** A build that missed more writes than this share of its size is started again instead of caught up. */
  private static final double RESTART_FRACTION = 0.5;

  private final int threshold;
  private final HnswSettings settings;
  private final BuildProgress progress;
  private final Object writes = new Object();
  private final CompletableFuture<Void> graphServing = new CompletableFuture<>();
  private ExactVectorIndex exact = new ExactVectorIndex(); // guarded by writes; null once the graph serves
  private Map<String, float[]> pending; // guarded by writes; the writes since the build's snapshot, null = removed
  private boolean buildFailed; // guarded by writes; a failed build is not tried again on every write
  private volatile VectorIndex serving = exact;
  private volatile HnswVectorIndex graph;
  private volatile boolean closed;

  public TieredVectorIndex(int threshold, HnswSettings settings) {
    this(threshold, settings, BuildProgress.NONE);
  }

  /**
   * @param threshold the size at which a graph is built; at least 1
   * @param progress hears how far each build has come
   */
  public TieredVectorIndex(int threshold, HnswSettings settings, BuildProgress progress) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    this.threshold = threshold;
    this.settings = settings;
    this.progress = progress;
  }

  @Override
  public void upsert(String itemId, float[] vector) {
    while (true) {
      HnswVectorIndex g = graph;
      if (g != null) {
        g.upsert(itemId, vector);
        return;
      }
      synchronized (writes) {
        if (graph != null) {
          continue; // the graph took over while this write waited
        }
        exact.upsert(itemId, vector); // validates, and copies
        if (pending != null) {
          pending.put(itemId, vector.clone());
        } else if (exact.size() >= threshold && !closed && !buildFailed) {
          pending = new HashMap<>();
          BuildThreads.start("ebb-index-build", this::buildUntilServing);
        }
        return;
      }
    }
  }

  @Override
  public void remove(String itemId) {
    while (true) {
      HnswVectorIndex g = graph;
      if (g != null) {
        g.remove(itemId);
        return;
      }
      synchronized (writes) {
        if (graph != null) {
          continue;
        }
        exact.remove(itemId);
        if (pending != null) {
          pending.put(itemId, null);
        }
        return;
      }
    }
  }

  @Override
  public Optional<float[]> vector(String itemId) {
    return serving.vector(itemId);
  }

  @Override
  public int size() {
    return serving.size();
  }

  @Override
  public int dimension() {
    return serving.dimension();
  }

  @Override
  public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
    return serving.topK(query, k, exclude);
  }

  /** Stops a build in progress (the exact index keeps serving), or the graph's own rebuilds. */
  @Override
  public void close() {
    closed = true;
    HnswVectorIndex g = graph;
    if (g != null) {
      g.close();
    }
  }

  /** Completes when the graph serves: never, if the catalog stays below the threshold. */
  public CompletionStage<Void> graphServing() {
    return graphServing;
  }

  public boolean isGraphServing() {
    return graph != null;
  }

  /** The backend answering now: the exact index, then the graph. */
  VectorIndex serving() {
    return serving;
  }

  private void buildUntilServing() {
    long start = System.nanoTime();
    try {
      for (int attempt = 1; !closed; attempt++) {
        HnswVectorIndex built = buildFromSnapshot(attempt);
        if (!closed && catchUpAndServe(built)) {
          log.info("The vector graph serves {} items, built in {} ms", built.size(),
              (System.nanoTime() - start) / 1_000_000);
          return;
        }
        built.close();
      }
    } catch (RuntimeException | Error e) {
      log.error("Building the vector graph failed; exact search goes on serving until the next restart", e);
      synchronized (writes) {
        buildFailed = true;
      }
    }
    synchronized (writes) {
      pending = null; // closed or failed: stop recording
    }
  }

  /**
   * A graph of the items the exact index holds now; the writes from now on are recorded in {@link #pending}. Only
   * this frame refers to the exact index, so it can be collected as soon as the graph serves.
   */
  private HnswVectorIndex buildFromSnapshot(int attempt) {
    List<String> ids;
    ExactVectorIndex source;
    synchronized (writes) {
      ids = exact.ids();
      source = exact;
      pending = new HashMap<>();
    }
    log.info("Building the vector graph of {} items in the background (attempt {})", ids.size(), attempt);
    return HnswVectorIndex.build(settings, ids, id -> source.vector(id).orElse(null), progress, () -> closed);
  }

  /** Applies the writes made during the build; true once the graph serves, false if it fell too far behind. */
  private boolean catchUpAndServe(HnswVectorIndex built) {
    for (int round = 1; !closed; round++) {
      Map<String, float[]> batch;
      synchronized (writes) {
        if (pending.size() <= FINAL_REPLAY) {
          serve(built);
          return true;
        }
        if (pending.size() > RESTART_FRACTION * built.size()) {
          return false;
        }
        if (round > MAX_CATCH_UP_ROUNDS) {
          // Writes that keep touching more items per round than FINAL_REPLAY would never let the rounds get there:
          // the rest (bounded by RESTART_FRACTION of the graph) is applied while writes wait.
          serve(built);
          return true;
        }
        batch = pending;
        pending = new HashMap<>();
      }
      built.applyAll(batch, settings.threads());
    }
    return false;
  }

  /** Applies the last recorded writes and makes the graph serve; called holding the writes lock. */
  private void serve(HnswVectorIndex built) {
    built.applyAll(pending, settings.threads());
    graph = built;
    serving = built;
    exact = null;
    pending = null;
    graphServing.complete(null);
  }
}
