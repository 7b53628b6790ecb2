package io.ebb.catalog;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which nodes of a graph are live: committed as their item's current node and not deleted since. A graph search
 * asks this for every node it visits, so a read is a plain array lookup without a lock (it was a map lookup by
 * item id, 18 % of a search); writes, one per catalog write, are serialised and grow the words by copying.
 */
final class LiveNodes {

  private volatile AtomicLongArray words = new AtomicLongArray(64);

  boolean get(int node) {
    AtomicLongArray w = words;
    int word = node >>> 6;
    return word < w.length() && (w.get(word) & (1L << node)) != 0;
  }

  synchronized void set(int node) {
    int word = node >>> 6;
    AtomicLongArray w = words;
    if (word >= w.length()) {
      AtomicLongArray grown = new AtomicLongArray(Math.max(word + 1, w.length() * 2));
      for (int i = 0; i < w.length(); i++) {
        grown.set(i, w.get(i));
      }
      words = grown;
      w = grown;
    }
    w.set(word, w.get(word) | (1L << node));
  }

  synchronized void clear(int node) {
    AtomicLongArray w = words;
    int word = node >>> 6;
    if (word < w.length()) {
      w.set(word, w.get(word) & ~(1L << node));
    }
  }
}
