package io.ebb.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use after full collections: what a structure costs is the difference with and without it. A few
 * collections in a row, until the figure settles, so that garbage freed by finalisation or reference processing
 * does not count.
 */
final class QueryHeap {

  private QueryHeap() {}

  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      memory.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - now) < 1 << 20) {
        return now;
      }
      used = now;
    }
    return used;
  }
}
