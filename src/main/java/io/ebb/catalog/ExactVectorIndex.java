package io.ebb.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * A brute-force {@link VectorIndex}: every query scores every vector. Exact, and fast enough for catalogs of
 * up to a few hundred thousand items (a 384-d scan touches 1.5 KB per item).
 *
 * <p>The vectors live row after row in one {@code float[]}, so the scan reads memory in order and the dot
 * product is a plain loop the JIT unrolls; ids map to rows and back. Removing an item moves the last row
 * into its place, so rows stay dense. A read-write lock lets queries run in parallel and writes in between.
 * The best {@code k} are kept in a bounded min-heap of primitive (score, row) pairs: no allocation per row.
 *
 * <p>On catalogs of {@link #PRUNE_FROM} rows and more, a first pass over {@link QuantizedRows one-byte copies} of
 * the rows bounds every row's score, and only the rows whose upper bound reaches the {@code k}-th best lower bound
 * are scored: the answer is the full scan's, scores and order included, at a fraction of the work.
 */
public final class ExactVectorIndex implements VectorIndex {

  private static final int INITIAL_ROWS = 1024;
  /** Below this many rows a query scores every row: the first pass would save little. */
  static final int PRUNE_FROM = 2048;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Integer> rowOf = new HashMap<>();
  private int dimension; // 0 until the first vector fixes it
  private float[] matrix = new float[0]; // row r holds matrix[r * dimension, (r + 1) * dimension)
  private String[] ids = new String[0];
  private QuantizedRows quantized; // null until the dimension is fixed
  private int size;

  /** An index whose dimension is fixed by the first vector added. */
  public ExactVectorIndex() {}

  /** An index of {@code dimension}-d vectors. */
  public ExactVectorIndex(int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.quantized = new QuantizedRows(dimension);
  }

  @Override
  public void upsert(String itemId, float[] vector) {
    if (itemId == null) {
      throw new IllegalArgumentException("itemId must not be null");
    }
    Vectors.requireFinite(vector, "vector of " + itemId);
    lock.writeLock().lock();
    try {
      if (dimension == 0) {
        if (vector.length == 0) {
          throw new IllegalArgumentException("vector of " + itemId + " is empty");
        }
        dimension = vector.length;
        quantized = new QuantizedRows(dimension);
      }
      requireDimension(vector, "vector of " + itemId);
      Integer row = rowOf.get(itemId);
      if (row == null) {
        row = size;
        ensureRows(size + 1);
        ids[row] = itemId;
        rowOf.put(itemId, row);
        size++;
      }
      System.arraycopy(vector, 0, matrix, row * dimension, dimension);
      quantized.set(row, vector);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void remove(String itemId) {
    lock.writeLock().lock();
    try {
      Integer row = rowOf.remove(itemId);
      if (row == null) {
        return;
      }
      int last = size - 1;
      if (row != last) {
        System.arraycopy(matrix, last * dimension, matrix, row * dimension, dimension);
        quantized.move(last, row);
        ids[row] = ids[last];
        rowOf.put(ids[row], row);
      }
      ids[last] = null;
      size = last;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<float[]> vector(String itemId) {
    lock.readLock().lock();
    try {
      Integer row = rowOf.get(itemId);
      if (row == null) {
        return Optional.empty();
      }
      return Optional.of(Arrays.copyOfRange(matrix, row * dimension, (row + 1) * dimension));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int dimension() {
    lock.readLock().lock();
    try {
      return dimension;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The ids held now, in no particular order: what a graph build snapshots before it reads the vectors. */
  List<String> ids() {
    lock.readLock().lock();
    try {
      return List.of(Arrays.copyOf(ids, size));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
    if (k <= 0) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      if (size == 0) {
        return List.of();
      }
      requireDimension(query, "query");
      return scan(query, Math.min(k, size), exclude);
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<ScoredItem> scan(float[] query, int k, Predicate<String> exclude) {
    TopK best = new TopK(k, ids);
    if (size < PRUNE_FROM || k > size / 8) {
      for (int row = 0, offset = 0; row < size; row++, offset += dimension) {
        offer(best, row, Vectors.dot(query, matrix, offset, dimension), exclude);
      }
      return best.toList();
    }
    float[] lower = new float[size];
    float[] upper = new float[size];
    quantized.bounds(query, size, lower, upper);
    // Any k rows left in score at least their lower bounds, so the k best score at least the k-th best of them:
    // a row whose upper bound stays below it cannot be among the k best.
    float threshold = kthLargest(lower, k, exclude);
    for (int row = 0; row < size; row++) {
      if (upper[row] >= threshold) {
        offer(best, row, Vectors.dot(query, matrix, row * dimension, dimension), exclude);
      }
    }
    return best.toList();
  }

  private void offer(TopK best, int row, double score, Predicate<String> exclude) {
    // Score first, predicate only for rows that would make the cut: most rows never reach it.
    if (best.admits(score, row) && (exclude == null || !exclude.test(ids[row]))) {
      best.add(score, row);
    }
  }

  /** The {@code k}-th largest of {@code values} over the rows {@code exclude} leaves in; -∞ if fewer are left. */
  private float kthLargest(float[] values, int k, Predicate<String> exclude) {
    float[] heap = new float[k]; // a min-heap: heap[0] is the k-th largest so far
    int count = 0;
    for (int row = 0; row < size; row++) {
      float v = values[row];
      if ((count < k || v > heap[0]) && (exclude == null || !exclude.test(ids[row]))) {
        if (count < k) {
          heap[count] = v;
          siftUp(heap, count++);
        } else {
          heap[0] = v;
          siftDown(heap, count);
        }
      }
    }
    return count < k ? Float.NEGATIVE_INFINITY : heap[0];
  }

  private static void siftUp(float[] heap, int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= heap[i]) {
        return;
      }
      float t = heap[parent];
      heap[parent] = heap[i];
      heap[i] = t;
      i = parent;
    }
  }

  private static void siftDown(float[] heap, int count) {
    int i = 0;
    while (true) {
      int left = 2 * i + 1;
      if (left >= count) {
        return;
      }
      int right = left + 1;
      int least = right < count && heap[right] < heap[left] ? right : left;
      if (heap[least] >= heap[i]) {
        return;
      }
      float t = heap[least];
      heap[least] = heap[i];
      heap[i] = t;
      i = least;
    }
  }

  private void requireDimension(float[] vector, String what) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          what + " has dimension " + vector.length + ", this index holds " + dimension + "-d vectors");
    }
  }

  private void ensureRows(int rows) {
    if (rows <= ids.length) {
      return;
    }
    int capacity = Math.max(INITIAL_ROWS, ids.length);
    while (capacity < rows) {
      capacity = Math.multiplyExact(capacity, 2);
    }
    matrix = Arrays.copyOf(matrix, Math.multiplyExact(capacity, dimension));
    ids = Arrays.copyOf(ids, capacity);
  }

  /**
   * A min-heap of the best {@code k} (score, row) pairs seen; the root is the worst of them. "Worse" means a
   * lower score, or an equal score and a greater item id, which makes the result deterministic.
   */
  private static final class TopK {
    private final double[] scores;
    private final int[] rows;
    private final String[] ids;
    private int count;

    TopK(int k, String[] ids) {
      this.scores = new double[k];
      this.rows = new int[k];
      this.ids = ids;
    }

    boolean admits(double score, int row) {
      return count < scores.length || worse(scores[0], rows[0], score, row);
    }

    /** Only after {@link #admits} said yes. */
    void add(double score, int row) {
      if (count < scores.length) {
        int i = count++;
        scores[i] = score;
        rows[i] = row;
        siftUp(i);
      } else {
        scores[0] = score;
        rows[0] = row;
        siftDown(0);
      }
    }

    List<ScoredItem> toList() {
      List<ScoredItem> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(new ScoredItem(ids[rows[i]], scores[i]));
      }
      out.sort(
          (a, b) -> a.score() != b.score()
              ? Double.compare(b.score(), a.score())
              : a.itemId().compareTo(b.itemId()));
      return Collections.unmodifiableList(out);
    }

    /** Whether (s1, r1) ranks below (s2, r2). */
    private boolean worse(double s1, int r1, double s2, int r2) {
      return s1 < s2 || (s1 == s2 && ids[r1].compareTo(ids[r2]) > 0);
    }

    private void siftUp(int i) {
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!worse(scores[i], rows[i], scores[parent], rows[parent])) {
          return;
        }
        swap(i, parent);
        i = parent;
      }
    }

    private void siftDown(int i) {
      while (true) {
        int left = 2 * i + 1;
        if (left >= count) {
          return;
        }
        int right = left + 1;
        int worst = right < count && worse(scores[right], rows[right], scores[left], rows[left]) ? right : left;
        if (!worse(scores[worst], rows[worst], scores[i], rows[i])) {
          return;
        }
        swap(i, worst);
        i = worst;
      }
    }

    private void swap(int a, int b) {
      double s = scores[a];
      scores[a] = scores[b];
      scores[b] = s;
      int r = rows[a];
      rows[a] = rows[b];
      rows[b] = r;
    }
  }
}
