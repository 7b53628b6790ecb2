package io.ebb.catalog;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult.NodeScore;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One jvector graph over the items of one norm band of {@link HnswVectorIndex}: those whose norm lies in
 * {@code (M/2, M]} for a power of two {@code M}, the band's scale. Here the maximum-inner-product search becomes a
 * nearest-neighbour search among unit vectors.
 *
 * <h2>The reduction</h2>
 * A graph navigates by one similarity between any two points, and inner product is not one (an item is not its
 * own best match when a longer vector points the same way). So an item {@code x} is stored as
 * {@code [x/M, sqrt(1 − ‖x‖²/M²)]} and a query {@code q} searched as {@code [q/‖q‖, 0]}: both have unit length,
 * and their dot product is {@code q·x / (‖q‖·M)}, which ranks the band's items exactly as {@code q·x} does. The
 * candidates the graph finds are re-scored with the true inner product.
 *
 * <p>Why bands: with one {@code M} for the whole catalog, the many items whose norm is far below {@code M} crowd
 * around the pole {@code [0, 1]}, where their directions barely differ, and the graph navigates poorly among
 * them (recall@10 of about 0.7 for log-normal norms with σ = 0.5, where a band of norms within a factor 2 gives
 * 0.97; see HnswRecallTest). This is the norm-ranging remedy of Yan et al., NeurIPS 2018.
 *
 * <p>{@code M} is a power of two, so {@code x/M} and back are exact in floating point: the graph's vectors are
 * the only copy, the original is {@code M} times the first {@code d} components (a component so small that the
 * division leaves the normal range keeps its original beside), and a re-score is one dot product times {@code M},
 * equal to the dot product of the originals that {@link ExactVectorIndex} computes.
 *
 * <h2>Items and nodes</h2>
 * Node ordinals are never reused. Upserting an item appends a node and inserts it into the graph, then points the
 * item at it and marks its previous node deleted; removing an item marks its node deleted. A node is a result
 * only while its item points at it, so a search never sees an item twice or an item half-inserted. Deleted nodes
 * stay in the graph (they still carry paths) until a rebuild leaves them out.
 *
 * <p>Reads and inserts run concurrently (jvector's builder is made for that, and {@link ChunkedArray} holds the
 * vectors); the caller keeps writes to one item in order.
 */
final class MipsGraph {

  /**
   * How far past its scale a norm may be and stay in the band: vectors normalised in {@code float} have norms a
   * hair above 1, and they belong with the others (the reduction only needs {@code ‖x‖ ≲ M}).
   */
  private static final double SLACK = 1e-4;
  /** The band of all-zero vectors (and of any norm below it). */
  private static final float MIN_SCALE = 0x1p-100f;

  private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();
  private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
  /** jvector's defaults: extra edges a node may hold while others are inserted, and how far pruning reaches. */
  private static final float NEIGHBOR_OVERFLOW = 1.2f;
  private static final float ALPHA = 1.2f;
  /** Nodes a build worker claims at a time; progress is reported per batch. */
  private static final int BATCH = 256;

  private final int dimension;
  private final float scale;
  private final ChunkedArray<VectorFloat<?>> vectors = new ChunkedArray<>();
  private final ChunkedArray<String> ids = new ChunkedArray<>();
  private final Map<String, Integer> nodeOf = new ConcurrentHashMap<>();
  private final Map<Integer, float[]> inexact = new ConcurrentHashMap<>();
  private final AtomicInteger deleted = new AtomicInteger();
  private final LiveNodes live = new LiveNodes();
  private final RandomAccessVectorValues values = new Values();
  private final GraphIndexBuilder builder;

  // jvector 4 deprecates this constructor for GraphIndexBuilder.builder(), which takes the hierarchy and refinement
  // choices from a process-wide, JMX-writable config; this graph's shape should not change behind its back.
  @SuppressWarnings("deprecation")
  MipsGraph(int dimension, float scale, HnswSettings settings) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.scale = scale;
    this.builder =
        new GraphIndexBuilder(
            BuildScoreProvider.randomAccessScoreProvider(values, SIMILARITY),
            dimension + 1,
            settings.maxDegree(),
            settings.beamWidth(),
            NEIGHBOR_OVERFLOW,
            ALPHA,
            true, // HNSW's upper layers: a short way from the entry point to the right region
            false); // no refinement pass: it belongs to jvector's cleanup, which must not run beside searches
  }

  /** Where a build reads its items: the {@code i}-th id and its vector, or null for an item removed meanwhile. */
  interface Source {
    int size();

    String id(int i);

    float[] vector(int i);
  }

  /**
   * A graph of the items of {@code source} that belong to the band of {@code scale}, nodes inserted by {@code
   * settings.threads()} threads. An item whose vector has moved to another band since the caller sorted the items
   * is left out (the caller has recorded that write and applies it afterwards). Stops early, with an incomplete
   * graph, once {@code cancelled} says so.
   */
  static MipsGraph build(
      int dimension,
      float scale,
      HnswSettings settings,
      Source source,
      BuildProgress progress,
      BooleanSupplier cancelled) {
    MipsGraph graph = new MipsGraph(dimension, scale, settings);
    for (int i = 0; i < source.size(); i++) {
      float[] v = source.vector(i);
      if (v == null) {
        continue;
      }
      String id = source.id(i);
      if (v.length != dimension) {
        throw new IllegalArgumentException(
            "vector of " + id + " has dimension " + v.length + ", this index holds " + dimension + "-d vectors");
      }
      if (bandOf(v) == scale) {
        graph.commit(id, graph.append(id, v)); // nobody searches this graph yet
      }
    }
    graph.linkAll(settings.threads(), progress, cancelled);
    return graph;
  }

  /** The scale of the band {@code x} belongs in: the smallest power of two {@code M} with {@code ‖x‖ ≤ M}. */
  static float bandOf(float[] x) {
    double norm = Vectors.norm(x) / (1 + SLACK);
    if (norm < MIN_SCALE) {
      return MIN_SCALE;
    }
    int exponent = Math.getExponent(norm); // 2^e <= norm < 2^(e+1)
    double scale = Math.scalb(1.0, exponent) == norm ? norm : Math.scalb(1.0, exponent + 1);
    return (float) Math.min(scale, 0x1p127);
  }

  /** An upper bound of the inner product of {@code query} with any item of this band. */
  double bound(double queryNorm) {
    return queryNorm * scale * (1 + SLACK);
  }

  int dimension() {
    return dimension;
  }

  float scale() {
    return scale;
  }

  /** Live items. */
  int size() {
    return nodeOf.size();
  }

  /** Nodes, deleted ones included. */
  int nodes() {
    return vectors.size();
  }

  int deletedNodes() {
    return deleted.get();
  }

  /** Stores {@code x} (which must belong in this band) as a new node, not yet searchable; returns its ordinal. */
  int append(String itemId, float[] x) {
    float[] t = new float[dimension + 1];
    float inverse = 1f / scale;
    double squares = 0;
    boolean exact = true;
    for (int i = 0; i < dimension; i++) {
      t[i] = x[i] * inverse;
      exact &= t[i] * scale == x[i];
      squares += (double) t[i] * t[i];
    }
    t[dimension] = (float) Math.sqrt(Math.max(0.0, 1.0 - squares));
    int node;
    synchronized (this) { // one ordinal for the vector and the id
      node = vectors.append(VECTORS.createFloatVector(t));
      ids.append(itemId);
    }
    if (!exact) {
      inexact.put(node, x.clone());
    }
    return node;
  }

  /** Inserts an appended node into the graph; other inserts and searches may run meanwhile. */
  void link(int node) {
    builder.addGraphNode(node, vectors.get(node));
  }

  /** Makes {@code node} the item's node from now on; its previous node, if any, is deleted. */
  void commit(String itemId, int node) {
    live.set(node);
    Integer previous = nodeOf.put(itemId, node);
    if (previous != null && previous != node) {
      delete(previous);
    }
  }

  /** Deletes the item's node; false if it had none. */
  boolean remove(String itemId) {
    Integer previous = nodeOf.remove(itemId);
    if (previous == null) {
      return false;
    }
    delete(previous);
    return true;
  }

  /** Deletes a node that was appended (and perhaps linked) but will never be committed. */
  void abandon(int node) {
    delete(node);
  }

  float[] vector(String itemId) {
    Integer node = nodeOf.get(itemId);
    return node == null ? null : original(node);
  }

  /** The live items and their nodes, as of now: what a rebuild starts from. */
  Source liveItems() {
    List<String> itemIds = new ArrayList<>(nodeOf.size());
    List<Integer> nodes = new ArrayList<>(nodeOf.size());
    nodeOf.forEach((id, node) -> {
      itemIds.add(id);
      nodes.add(node);
    });
    return new Source() {
      @Override
      public int size() {
        return itemIds.size();
      }

      @Override
      public String id(int i) {
        return itemIds.get(i);
      }

      @Override
      public float[] vector(int i) {
        return original(nodes.get(i)); // a node's vector never changes
      }
    };
  }

  /**
   * The {@code k} live items with the highest inner product with {@code query}, not {@code exclude}d, best first.
   * The graph is asked for {@code max(k · overQuery, minCandidates)} candidates (its search beam), and for four
   * times as many each time it finds fewer than {@code k} (the exclusions took the rest); when even all live
   * items' worth do not give {@code k}, every item is scored, so an answer is short only when fewer than {@code k}
   * items are left.
   */
  List<ScoredItem> search(float[] query, int k, Predicate<String> exclude, HnswSettings settings) {
    int live = size();
    if (k <= 0 || live == 0) {
      return List.of();
    }
    double norm = Vectors.norm(query);
    if (norm == 0) {
      return scan(query, k, exclude); // every score is 0: the order is the ids'
    }
    VectorFloat<?> target = graphQuery(query, norm);
    Bits accept = node -> isLive(node) && (exclude == null || !exclude.test(ids.get(node)));
    int want = (int) Math.min(live, Math.max(Math.ceil(k * settings.overQuery()), settings.minCandidates()));
    while (true) {
      NodeScore[] found = searchGraph(target, want, accept);
      if (found.length >= k) {
        return rescore(query, found, k);
      }
      if (want >= live) {
        return scan(query, k, exclude);
      }
      want = (int) Math.min(live, want * 4L);
    }
  }

  /**
   * The node is its item's current one: committed and not deleted. For a moment during an upsert both the old and
   * the new node are live; {@link #rescore} counts the item once.
   */
  private boolean isLive(int node) {
    return live.get(node);
  }

  private VectorFloat<?> graphQuery(float[] query, double norm) {
    float[] t = new float[dimension + 1];
    for (int i = 0; i < dimension; i++) {
      t[i] = (float) (query[i] / norm);
    }
    return VECTORS.createFloatVector(t);
  }

  private NodeScore[] searchGraph(VectorFloat<?> target, int want, Bits accept) {
    try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
      return searcher.search(DefaultSearchScoreProvider.exact(target, SIMILARITY, values), want, accept).getNodes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The true inner products of the candidates, best {@code k} first; an item found twice (upserted during the
   * search, old and new node) counts once. */
  private List<ScoredItem> rescore(float[] query, NodeScore[] found, int k) {
    List<ScoredItem> scored = new ArrayList<>(found.length);
    Set<String> seen = new HashSet<>();
    for (NodeScore n : found) {
      String id = ids.get(n.node);
      if (seen.add(id)) {
        scored.add(new ScoredItem(id, score(query, n.node)));
      }
    }
    scored.sort(ScoredItem.BEST_FIRST);
    return scored.size() > k ? new ArrayList<>(scored.subList(0, k)) : scored;
  }

  /** Every live item scored: the exact answer, for when the graph could not give one. */
  private List<ScoredItem> scan(float[] query, int k, Predicate<String> exclude) {
    PriorityQueue<ScoredItem> best = new PriorityQueue<>(k + 1, ScoredItem.BEST_FIRST.reversed());
    nodeOf.forEach((id, node) -> {
      if (exclude == null || !exclude.test(id)) {
        best.add(new ScoredItem(id, score(query, node)));
        if (best.size() > k) {
          best.poll();
        }
      }
    });
    List<ScoredItem> out = new ArrayList<>(best);
    out.sort(ScoredItem.BEST_FIRST);
    return out;
  }

  private double score(float[] query, int node) {
    float[] kept = inexact.isEmpty() ? null : inexact.get(node);
    if (kept != null) {
      return Vectors.dot(query, kept, 0, dimension);
    }
    return Vectors.dot(query, stored(node), 0, dimension) * scale;
  }

  private float[] original(int node) {
    float[] kept = inexact.isEmpty() ? null : inexact.get(node);
    if (kept != null) {
      return kept.clone();
    }
    float[] t = stored(node);
    float[] x = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      x[i] = t[i] * scale;
    }
    return x;
  }

  /** The node's graph vector as an array: jvector's own on this JDK, a copy where it keeps vectors off-heap. */
  private float[] stored(int node) {
    VectorFloat<?> v = vectors.get(node);
    if (v.get() instanceof float[] array && v.offset(0) == 0) {
      return array;
    }
    float[] copy = new float[v.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = v.get(i);
    }
    return copy;
  }

  private void delete(int node) {
    live.clear(node);
    builder.markNodeDeleted(node);
    deleted.incrementAndGet();
  }

  /**
   * Inserts every appended node, the first alone (it becomes the entry point the others search from), the rest
   * by {@code threads} threads that each claim a batch of ordinals at a time.
   */
  private void linkAll(int threads, BuildProgress progress, BooleanSupplier cancelled) {
    int total = nodes();
    if (total == 0) {
      progress.update(0, 0);
      return;
    }
    link(0);
    AtomicInteger next = new AtomicInteger(1);
    AtomicInteger linked = new AtomicInteger(1);
    BuildThreads.runParallel(threads, () -> {
      int from;
      while (!cancelled.getAsBoolean() && (from = next.getAndAdd(BATCH)) < total) {
        int to = Math.min(total, from + BATCH);
        for (int node = from; node < to; node++) {
          link(node);
        }
        progress.update(linked.addAndGet(to - from), total);
      }
    });
    if (total == 1) {
      progress.update(1, 1);
    }
  }

  /** jvector reads the graph's vectors through this; they are never shared scratch, so one view serves all. */
  private final class Values implements RandomAccessVectorValues {
    @Override
    public int size() {
      return vectors.size();
    }

    @Override
    public int dimension() {
      return dimension + 1;
    }

    @Override
    public VectorFloat<?> getVector(int node) {
      return vectors.get(node);
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
      return this;
    }
  }
}
