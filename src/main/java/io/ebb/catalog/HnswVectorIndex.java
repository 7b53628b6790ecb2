package io.ebb.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An approximate {@link VectorIndex}: jvector HNSW graphs searched for inner product, their candidates re-scored
 * exactly. A query costs roughly {@code log n} instead of the {@code n} of {@link ExactVectorIndex}; the price is a
 * little recall, memory for the edges, and build time.
 *
 * <p><b>Norm bands.</b> Items are kept in one graph per band of norms, {@code (M/2, M]} for powers of two
 * {@code M}, each searched through the reduction of inner product to cosine that {@link MipsGraph} describes. A
 * query visits the bands from the longest vectors down and stops at a band whose bound {@code ‖q‖·M} cannot beat
 * the {@code k}-th score found so far: popular (long) items are usually all it needs. A vector longer than any
 * before simply opens a new band, so no item ever waits for a rebuild to be found.
 *
 * <p><b>Updates</b> go into the graphs one by one, concurrently with searches: a new item is inserted, an upserted
 * one gets a new node (in its new band if its norm moved; the old node is marked deleted), a removed one is marked
 * deleted. Writes to one item are kept in order by a lock stripe; writes to different items and all reads run in
 * parallel.
 *
 * <p><b>Cleanup.</b> When deleted nodes exceed {@link HnswSettings#cleanupFraction()} of a band's graph, the band is
 * rebuilt in the background: its live items are snapshot, a new graph is built from them on threads of its own
 * while the old one serves, the writes that came in meanwhile (recorded in order) are applied to it, and it is
 * swapped in under a write lock held only for the last few of them.
 *
 * <p><b>Exclusions</b> are applied inside the graph search, which goes on until it has found enough items that
 * are not excluded; see {@link MipsGraph#search}.
 */
public final class HnswVectorIndex implements VectorIndex {

  private static final Logger log = LoggerFactory.getLogger(HnswVectorIndex.class);
  private static final int STRIPES = 64;
  /** Writes left for the swap itself, under the write lock; more are applied beforehand. */
  private static final int FINAL_REPLAY = 64;
  /** Rounds of catching up before the swap takes the rest under the lock, however many writes keep coming. */
  private static final int MAX_CATCH_UP_ROUNDS = 8;
  /** After a failed rebuild, none is tried for this long (one would likely fail the same way, e.g. out of memory). */
  private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final HnswSettings settings;
  /** Read-locked by every call, write-locked only to start and to finish a rebuild. */
  private final ReadWriteLock swapLock = new ReentrantReadWriteLock();
  private final Object[] stripes = new Object[STRIPES];
  private final Object monitor = new Object();
  private final AtomicInteger rebuildsDone = new AtomicInteger();
  private volatile int dimension; // 0 until the first vector fixes it
  /** Band scale to graph, longest first. Replaced as a whole (new band, rebuilt band), never changed. */
  private volatile NavigableMap<Float, MipsGraph> bands = Collections.emptyNavigableMap();
  private volatile Queue<Change> changes; // the writes since a running rebuild's snapshot, in order
  private boolean rebuilding; // guarded by monitor
  private long failedAt; // guarded by monitor; System.nanoTime() of the last failed rebuild
  private boolean failed; // guarded by monitor
  private volatile boolean closed;

  /** An empty index with the defaults of reference.conf. */
  public HnswVectorIndex() {
    this(HnswSettings.DEFAULTS);
  }

  /** An empty index whose dimension is fixed by the first vector added. */
  public HnswVectorIndex(HnswSettings settings) {
    this.settings = settings;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /**
   * An index of the items {@code ids} names, built band after band, each on {@link HnswSettings#threads()}
   * threads: much faster than upserting them one by one. {@code vectorOf} gives an item's vector, or null for an
   * item gone meanwhile; it is read twice per item (to sort items into bands, then to insert them). An item whose
   * band changed in between is left out: the caller must apply the writes it made since it listed {@code ids}. The
   * result is incomplete if {@code cancelled} turned true.
   */
  public static HnswVectorIndex build(
      HnswSettings settings,
      List<String> ids,
      Function<String, float[]> vectorOf,
      BuildProgress progress,
      BooleanSupplier cancelled) {
    NavigableMap<Float, List<String>> idsByBand = new TreeMap<>(Comparator.reverseOrder());
    int dimension = 0;
    int total = 0;
    for (String id : ids) {
      float[] v = vectorOf.apply(id);
      if (v != null) {
        dimension = dimension == 0 ? v.length : dimension;
        idsByBand.computeIfAbsent(MipsGraph.bandOf(v), b -> new ArrayList<>()).add(id);
        total++;
      }
    }
    HnswVectorIndex index = new HnswVectorIndex(settings);
    if (dimension == 0) {
      progress.update(0, 0);
      return index;
    }
    NavigableMap<Float, MipsGraph> built = new TreeMap<>(Comparator.reverseOrder());
    int before = 0;
    for (Map.Entry<Float, List<String>> band : idsByBand.entrySet()) {
      int offset = before;
      int all = total;
      MipsGraph graph = MipsGraph.build(
          dimension,
          band.getKey(),
          settings,
          source(band.getValue(), vectorOf),
          (linked, bandTotal) -> progress.update(offset + linked, all),
          cancelled);
      before += band.getValue().size();
      if (graph.size() > 0) {
        built.put(band.getKey(), graph);
      }
    }
    index.dimension = dimension;
    index.bands = Collections.unmodifiableNavigableMap(built);
    return index;
  }

  public HnswSettings settings() {
    return settings;
  }

  @Override
  public void upsert(String itemId, float[] vector) {
    if (itemId == null) {
      throw new IllegalArgumentException("itemId must not be null");
    }
    Vectors.requireFinite(vector, "vector of " + itemId);
    float[] copy = vector.clone();
    synchronized (stripe(itemId)) {
      swapLock.readLock().lock();
      try {
        requireDimension(copy, "vector of " + itemId, true);
        MipsGraph band = band(MipsGraph.bandOf(copy));
        record(itemId, copy);
        put(band, bands.values(), itemId, copy);
      } finally {
        swapLock.readLock().unlock();
      }
    }
    rebuildIfNeeded();
  }

  @Override
  public void remove(String itemId) {
    synchronized (stripe(itemId)) {
      swapLock.readLock().lock();
      try {
        if (bands.isEmpty()) {
          return;
        }
        record(itemId, null);
        bands.values().forEach(band -> band.remove(itemId));
      } finally {
        swapLock.readLock().unlock();
      }
    }
    rebuildIfNeeded();
  }

  @Override
  public Optional<float[]> vector(String itemId) {
    swapLock.readLock().lock();
    try {
      for (MipsGraph band : bands.values()) {
        float[] v = band.vector(itemId);
        if (v != null) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    } finally {
      swapLock.readLock().unlock();
    }
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    swapLock.readLock().lock();
    try {
      int size = 0;
      for (MipsGraph band : bands.values()) {
        size += band.size();
      }
      return size;
    } finally {
      swapLock.readLock().unlock();
    }
  }

  @Override
  public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
    if (k <= 0) {
      return List.of();
    }
    swapLock.readLock().lock();
    try {
      if (bands.isEmpty()) {
        return List.of();
      }
      requireDimension(query, "query", false);
      double queryNorm = Vectors.norm(query);
      List<ScoredItem> best = new ArrayList<>();
      Set<String> seen = new HashSet<>(); // an item moving between bands may be met in both
      for (MipsGraph band : bands.values()) {
        if (best.size() >= k && best.get(k - 1).score() > band.bound(queryNorm)) {
          break; // neither this band nor the shorter ones below can beat what was found
        }
        for (ScoredItem s : band.search(query, k, exclude, settings)) {
          if (seen.add(s.itemId())) {
            best.add(s);
          }
        }
        best.sort(ScoredItem.BEST_FIRST);
      }
      return Collections.unmodifiableList(best.size() > k ? best.subList(0, k) : best);
    } finally {
      swapLock.readLock().unlock();
    }
  }

  /** Stops a running rebuild; the index keeps answering with the graphs it has. */
  @Override
  public void close() {
    closed = true;
  }

  /** Rebuilds finished so far. */
  int rebuilds() {
    return rebuildsDone.get();
  }

  /** Scale to live items per band, longest first: what the benchmark and tests look at. */
  Map<Float, Integer> bandSizes() {
    Map<Float, Integer> sizes = new LinkedHashMap<>();
    bands.forEach((scale, band) -> sizes.put(scale, band.size()));
    return sizes;
  }

  /** Deleted nodes still in the graphs. */
  int deletedNodes() {
    int deleted = 0;
    for (MipsGraph band : bands.values()) {
      deleted += band.deletedNodes();
    }
    return deleted;
  }

  /** Nodes in the graphs, deleted ones included. */
  int nodes() {
    int nodes = 0;
    for (MipsGraph band : bands.values()) {
      nodes += band.nodes();
    }
    return nodes;
  }

  /** Waits until no rebuild runs (none may be due, or the next would start); false if it took longer. */
  boolean awaitNoRebuild(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (rebuilding) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      return true;
    }
  }

  /**
   * Applies many writes at once, on {@code threads} threads: {@code batch} maps an item to its new vector, or to
   * null for a removal. Items differ, so their order does not matter.
   */
  void applyAll(Map<String, float[]> batch, int threads) {
    forEachParallel(batch, threads, (id, v) -> {
      if (v == null) {
        remove(id);
      } else {
        upsert(id, v);
      }
    });
  }

  private Object stripe(String itemId) {
    return stripes[Math.floorMod(itemId.hashCode(), STRIPES)];
  }

  private void requireDimension(float[] vector, String what, boolean fixIfFirst) {
    int d = dimension;
    if (d == 0 && fixIfFirst) {
      synchronized (monitor) {
        if (dimension == 0) {
          if (vector.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
          }
          dimension = vector.length;
        }
        d = dimension;
      }
    }
    if (vector.length != d) {
      throw new IllegalArgumentException(
          what + " has dimension " + vector.length + ", this index holds " + d + "-d vectors");
    }
  }

  /** The graph of the band of {@code scale}, opened if it is the first vector of that band. */
  private MipsGraph band(float scale) {
    MipsGraph graph = bands.get(scale);
    if (graph != null) {
      return graph;
    }
    synchronized (monitor) {
      graph = bands.get(scale);
      if (graph == null) {
        graph = new MipsGraph(dimension, scale, settings);
        NavigableMap<Float, MipsGraph> next = new TreeMap<>(Comparator.reverseOrder());
        next.putAll(bands);
        next.put(scale, graph);
        bands = Collections.unmodifiableNavigableMap(next);
      }
      return graph;
    }
  }

  private void record(String itemId, float[] vector) {
    Queue<Change> recorded = changes;
    if (recorded != null) {
      recorded.add(new Change(itemId, vector));
    }
  }

  /**
   * Inserts the item's new node into {@code band}, then takes it out of any other band and makes the new node
   * current: in between, a search may miss the item, but never sees it twice.
   */
  private static void put(MipsGraph band, Iterable<MipsGraph> all, String itemId, float[] vector) {
    int node = band.append(itemId, vector);
    try {
      band.link(node);
    } catch (RuntimeException | Error e) {
      band.abandon(node);
      throw e;
    }
    for (MipsGraph other : all) {
      if (other != band) {
        other.remove(itemId);
      }
    }
    band.commit(itemId, node);
  }

  /** The band most in need of a cleanup, or null if none is past the cleanup fraction. */
  private MipsGraph dueForCleanup() {
    MipsGraph due = null;
    double worst = settings.cleanupFraction();
    for (MipsGraph band : bands.values()) {
      double deleted = band.nodes() == 0 ? 0 : band.deletedNodes() / (double) band.nodes();
      if (deleted > worst) {
        due = band;
        worst = deleted;
      }
    }
    return due;
  }

  /**
   * Starts a background rebuild if one is due and none runs. A running one looks again before it stops, under the
   * same monitor, so a write that made one due while it ran is never left without.
   */
  private void rebuildIfNeeded() {
    if (dueForCleanup() == null) {
      return;
    }
    synchronized (monitor) {
      if (rebuilding || closed || (failed && System.nanoTime() - failedAt < RETRY_AFTER_FAILURE_NANOS)) {
        return;
      }
      rebuilding = true;
    }
    BuildThreads.start("ebb-index-rebuild", this::rebuildWhileNeeded);
  }

  private void rebuildWhileNeeded() {
    try {
      while (true) {
        MipsGraph due;
        synchronized (monitor) {
          due = closed ? null : dueForCleanup();
          if (due == null) {
            rebuilding = false;
            monitor.notifyAll();
            return;
          }
        }
        rebuild(due.scale());
      }
    } catch (RuntimeException | Error e) {
      changes = null;
      synchronized (monitor) {
        rebuilding = false;
        failed = true;
        failedAt = System.nanoTime();
        monitor.notifyAll();
      }
      log.error("Rebuilding a vector graph failed; the current one keeps serving, deleted nodes and all", e);
    }
  }

  private void rebuild(float scale) {
    long start = System.nanoTime();
    MipsGraph old;
    MipsGraph.Source live;
    Queue<Change> recorded = new ConcurrentLinkedQueue<>();
    swapLock.writeLock().lock();
    try {
      old = bands.get(scale);
      live = old.liveItems();
      changes = recorded;
    } finally {
      swapLock.writeLock().unlock();
    }
    MipsGraph fresh = MipsGraph.build(dimension, scale, settings, live, BuildProgress.NONE, () -> closed);
    if (closed) {
      changes = null;
      return;
    }
    Map<String, float[]> batch = drain(recorded);
    for (int round = 0; batch.size() > FINAL_REPLAY && round < MAX_CATCH_UP_ROUNDS; round++) {
      replay(fresh, batch, settings.threads());
      batch = drain(recorded);
    }
    replay(fresh, batch, 1);
    swapLock.writeLock().lock();
    try {
      replay(fresh, drain(recorded), 1);
      NavigableMap<Float, MipsGraph> next = new TreeMap<>(Comparator.reverseOrder());
      next.putAll(bands);
      if (fresh.size() > 0) {
        next.put(scale, fresh);
      } else {
        next.remove(scale);
      }
      bands = Collections.unmodifiableNavigableMap(next);
      changes = null;
    } finally {
      swapLock.writeLock().unlock();
    }
    rebuildsDone.incrementAndGet();
    log.info("Rebuilt the vector graph of norm band {}: {} items, {} deleted nodes dropped, in {} ms",
        scale, fresh.size(), old.deletedNodes(), (System.nanoTime() - start) / 1_000_000);
  }

  /** The writes recorded so far, the last per item (null: removed). */
  private static Map<String, float[]> drain(Queue<Change> recorded) {
    Map<String, float[]> last = new LinkedHashMap<>();
    for (Change c; (c = recorded.poll()) != null; ) {
      last.put(c.itemId(), c.vector());
    }
    return last;
  }

  /** Applies writes to a band's graph that nobody searches yet: items that now belong elsewhere leave it. */
  private static void replay(MipsGraph band, Map<String, float[]> batch, int threads) {
    forEachParallel(batch, threads, (id, v) -> {
      if (v != null && MipsGraph.bandOf(v) == band.scale()) {
        put(band, List.of(band), id, v);
      } else {
        band.remove(id);
      }
    });
  }

  private static void forEachParallel(
      Map<String, float[]> batch, int threads, java.util.function.BiConsumer<String, float[]> action) {
    List<Map.Entry<String, float[]>> entries = new ArrayList<>(batch.entrySet());
    AtomicInteger next = new AtomicInteger();
    BuildThreads.runParallel(Math.min(threads, Math.max(1, entries.size() / 64)), () -> {
      int i;
      while ((i = next.getAndIncrement()) < entries.size()) {
        action.accept(entries.get(i).getKey(), entries.get(i).getValue());
      }
    });
  }

  private static MipsGraph.Source source(List<String> ids, Function<String, float[]> vectorOf) {
    return new MipsGraph.Source() {
      @Override
      public int size() {
        return ids.size();
      }

      @Override
      public String id(int i) {
        return ids.get(i);
      }

      @Override
      public float[] vector(int i) {
        return vectorOf.apply(ids.get(i));
      }
    };
  }

  /** A write recorded while a rebuild runs; {@code vector} is null for a removal. */
  private record Change(String itemId, float[] vector) {}
}
