package io.ebb.rank;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often each item was interacted with, shared by every node: each node counts the events it accepts,
 * periodically adds its counts to a Cassandra counter table ({@link #flush}) and reads everyone's totals back
 * ({@link #refresh}). Used as a prior in ranking and as the cold-start list.
 */
public final class Popularity {

  private static final Logger log = LoggerFactory.getLogger(Popularity.class);
  private static final int FLUSH_IN_FLIGHT = 64;

  private final CqlSession session;
  private final PreparedStatement increment;
  /** Counts accepted here and not yet written to Cassandra. */
  private final ConcurrentHashMap<String, LongAdder> pending = new ConcurrentHashMap<>();
  /** Totals as last read from Cassandra, plus what this node added since. */
  private volatile Map<String, Long> totals = Map.of();
  private volatile List<String> ranked = List.of();
  private volatile long maxCount;
  private final ConcurrentHashMap<String, LongAdder> sinceRefresh = new ConcurrentHashMap<>();

  public Popularity(CqlSession session) {
    this.session = session;
    this.increment =
        session.prepare("UPDATE ebb.item_popularity SET events = events + ? WHERE item_id = ?");
  }

  public void record(String itemId) {
    pending.computeIfAbsent(itemId, k -> new LongAdder()).increment();
    sinceRefresh.computeIfAbsent(itemId, k -> new LongAdder()).increment();
  }

  public long count(String itemId) {
    LongAdder local = sinceRefresh.get(itemId);
    return totals.getOrDefault(itemId, 0L) + (local == null ? 0 : local.sum());
  }

  public long maxCount() {
    return maxCount;
  }

  /** log(1 + count) / log(1 + max count): 0 for unseen items, 1 for the most popular. */
  public double prior(String itemId) {
    return Relevance.prior(count(itemId), maxCount);
  }

  /** The most popular items (as of the last refresh) not excluded, most popular first. */
  public List<String> top(int n, Predicate<String> exclude) {
    List<String> result = new ArrayList<>(n);
    for (String itemId : ranked) {
      if (result.size() == n) {
        break;
      }
      if (!exclude.test(itemId)) {
        result.add(itemId);
      }
    }
    return result;
  }

  /** Adds this node's pending counts to the shared counters. Counts whose write fails are kept for next time. */
  public synchronized void flush() {
    List<Map.Entry<String, Long>> drained = new ArrayList<>();
    for (String itemId : List.copyOf(pending.keySet())) {
      LongAdder adder = pending.remove(itemId);
      if (adder != null && adder.sum() > 0) {
        drained.add(Map.entry(itemId, adder.sum()));
      }
    }
    // One write per item, a bounded number in flight: counter batches over many partitions only burden the
    // coordinator (Cassandra warns about them).
    for (int i = 0; i < drained.size(); i += FLUSH_IN_FLIGHT) {
      List<Map.Entry<String, Long>> chunk = drained.subList(i, Math.min(drained.size(), i + FLUSH_IN_FLIGHT));
      List<CompletableFuture<?>> writes = new ArrayList<>(chunk.size());
      for (Map.Entry<String, Long> e : chunk) {
        writes.add(session.executeAsync(increment.bind(e.getValue(), e.getKey())).toCompletableFuture());
      }
      for (int j = 0; j < chunk.size(); j++) {
        try {
          writes.get(j).join();
        } catch (RuntimeException e) {
          log.warn("Writing a popularity count failed, will retry: {}", e.toString());
          Map.Entry<String, Long> c = chunk.get(j);
          pending.computeIfAbsent(c.getKey(), k -> new LongAdder()).add(c.getValue());
        }
      }
    }
  }

  /** Reads every node's totals back. */
  public synchronized void refresh() {
    Map<String, Long> fresh = new HashMap<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT item_id, events FROM ebb.item_popularity").setPageSize(5000))) {
      fresh.put(row.getString(0), row.getLong(1));
    }
    sinceRefresh.clear();
    // What was flushed is now in the totals; what is still pending is not yet.
    pending.forEach((item, adder) -> sinceRefresh.computeIfAbsent(item, k -> new LongAdder()).add(adder.sum()));
    List<String> order = new ArrayList<>(fresh.keySet());
    order.sort(Comparator.<String>comparingLong(fresh::get).reversed().thenComparing(Comparator.naturalOrder()));
    totals = Map.copyOf(fresh);
    ranked = List.copyOf(order);
    maxCount = order.isEmpty() ? 0 : fresh.get(order.get(0));
  }
}
