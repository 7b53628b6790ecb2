package io.ebb.catalog;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An append-only array that readers use without a lock while a writer appends: a graph search reads vectors
 * and ids by ordinal while new nodes are being added. Elements live in fixed chunks, so growing never copies
 * them (a million 385-d vectors would otherwise be copied, and a reader could see a half-copied array); only
 * the small table of chunks is replaced, and it is volatile.
 */
final class ChunkedArray<T> {

  private static final int CHUNK_BITS = 12;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;

  private volatile AtomicReferenceArray<T>[] chunks = newTable(0);
  private final AtomicInteger size = new AtomicInteger();

  /** Appends {@code value} and returns its index. Appends are serialised; reads never wait for them. */
  synchronized int append(T value) {
    int index = size.get();
    int chunk = index >>> CHUNK_BITS;
    AtomicReferenceArray<T>[] table = chunks;
    if (chunk == table.length) {
      table = Arrays.copyOf(table, chunk + 1);
      table[chunk] = new AtomicReferenceArray<>(CHUNK_SIZE);
      chunks = table;
    }
    table[chunk].set(index & CHUNK_MASK, value);
    size.set(index + 1);
    return index;
  }

  /** The element at {@code index}, which must be below a {@link #size} this thread has seen. */
  T get(int index) {
    return chunks[index >>> CHUNK_BITS].get(index & CHUNK_MASK);
  }

  int size() {
    return size.get();
  }

  @SuppressWarnings("unchecked")
  private static <T> AtomicReferenceArray<T>[] newTable(int length) {
    return (AtomicReferenceArray<T>[]) new AtomicReferenceArray<?>[length];
  }
}
