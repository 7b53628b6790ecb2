package io.ebb.rank;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often each item was interacted with, shared by every node: each node counts the events it accepts,
 * periodically adds its counts to Cassandra counter tables ({@link #flush}) and reads everyone's totals back
 * ({@link #refresh}). Used as a prior in ranking and as the cold-start list.
 *
 * <p>Two counts per item. The all-time count weighs every event alike. The {@link #recent} count lets events fade
 * with the {@link Recency} half-life, so the prior can follow what is popular now; it is counted by the event's own
 * time, not when it arrived, and in the units and landmarks of {@link Recency}, so the counters only ever grow (nodes
 * add to them without coordination) and a refresh computes, from the same units, the number the replay's evaluator
 * and tuner compute. Its counters are keyed by the half-life too: a changed half-life starts fresh counts rather than
 * reading units of another.
 */
public final class Popularity {

  private static final Logger log = LoggerFactory.getLogger(Popularity.class);
  private static final int FLUSH_IN_FLIGHT = 64;

  private final CqlSession session;
  private final Recency recency;
  private final Clock clock;
  private final PreparedStatement increment;
  private final PreparedStatement incrementRecent;
  private final PreparedStatement selectRecent;
  /** Counts accepted here and not yet written to Cassandra. */
  private final ConcurrentHashMap<String, LongAdder> pending = new ConcurrentHashMap<>();
  /** Totals as last read from Cassandra, plus what this node added since. */
  private volatile Map<String, Long> totals = Map.of();
  private volatile List<String> ranked = List.of();
  private volatile long maxCount;
  private final ConcurrentHashMap<String, LongAdder> sinceRefresh = new ConcurrentHashMap<>();
  /** Recent units accepted here and not yet written, by landmark and item. */
  private final ConcurrentHashMap<Landmarked, LongAdder> pendingRecent = new ConcurrentHashMap<>();
  /** Recent counts as of the last refresh, plus what this node added since, valued at that refresh's instant. */
  private volatile Map<String, Double> recentTotals = Map.of();
  private volatile double maxRecent;
  private volatile long refreshedAt;
  private final ConcurrentHashMap<String, DoubleAdder> recentSinceRefresh = new ConcurrentHashMap<>();

  private record Landmarked(long landmark, String itemId) {}

  public Popularity(CqlSession session, Recency recency, Clock clock) {
    this.session = session;
    this.recency = recency;
    this.clock = clock;
    this.refreshedAt = clock.millis();
    this.increment =
        session.prepare("UPDATE ebb.item_popularity SET events = events + ? WHERE item_id = ?");
    this.incrementRecent = session.prepare("UPDATE ebb.item_popularity_recent SET units = units + ? "
        + "WHERE half_life = ? AND landmark = ? AND item_id = ?");
    this.selectRecent = session.prepare(
        "SELECT item_id, units FROM ebb.item_popularity_recent WHERE half_life = ? AND landmark = ?");
  }

  public Recency recency() {
    return recency;
  }

  /**
   * Counts an event that happened {@code at}. An event older than the landmarks a refresh reads is counted all-time
   * only: its recent units would be written where nobody reads them.
   */
  public void record(String itemId, Instant at) {
    pending.computeIfAbsent(itemId, k -> new LongAdder()).increment();
    sinceRefresh.computeIfAbsent(itemId, k -> new LongAdder()).increment();
    long epochMilli = at.toEpochMilli();
    long landmark = recency.landmarkOf(epochMilli);
    if (landmark < recency.oldestLandmark(clock.millis())) {
      return;
    }
    long units = recency.units(epochMilli);
    pendingRecent.computeIfAbsent(new Landmarked(landmark, itemId), k -> new LongAdder()).add(units);
    recentSinceRefresh.computeIfAbsent(itemId, k -> new DoubleAdder())
        .add(recency.count(units, landmark, refreshedAt));
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

  /** The item's recent count, in events, at the last refresh's instant. */
  public double recent(String itemId) {
    DoubleAdder local = recentSinceRefresh.get(itemId);
    return recentTotals.getOrDefault(itemId, 0.0) + (local == null ? 0 : local.sum());
  }

  /**
   * {@link Relevance#recentPrior} of the item's recent count: 0 while it has none, 1 for the most popular now. The
   * maximum is the last refresh's, raised to the item's own count when this node's events have outgrown it, so the
   * prior stays within [0, 1] as the all-time one does.
   */
  public double recentPrior(String itemId) {
    double recent = recent(itemId);
    return Relevance.recentPrior(recent, Math.max(maxRecent, recent));
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
    write(pending, (itemId, events) -> increment.bind(events, itemId), "popularity count");
    long halfLife = recency.halfLife().toMillis();
    write(pendingRecent, (key, units) -> incrementRecent.bind(units, halfLife, key.landmark(), key.itemId()),
        "recent popularity count");
  }

  private <K> void write(ConcurrentHashMap<K, LongAdder> counts, BiFunction<K, Long, BoundStatement> bind,
      String what) {
    List<Map.Entry<K, Long>> drained = new ArrayList<>();
    for (K key : List.copyOf(counts.keySet())) {
      LongAdder adder = counts.remove(key);
      if (adder != null && adder.sum() > 0) {
        drained.add(Map.entry(key, adder.sum()));
      }
    }
    // One write per counter, a bounded number in flight: counter batches over many partitions only burden the
    // coordinator (Cassandra warns about them).
    for (int i = 0; i < drained.size(); i += FLUSH_IN_FLIGHT) {
      List<Map.Entry<K, Long>> chunk = drained.subList(i, Math.min(drained.size(), i + FLUSH_IN_FLIGHT));
      List<CompletableFuture<?>> writes = new ArrayList<>(chunk.size());
      for (Map.Entry<K, Long> e : chunk) {
        writes.add(session.executeAsync(bind.apply(e.getKey(), e.getValue())).toCompletableFuture());
      }
      for (int j = 0; j < chunk.size(); j++) {
        try {
          writes.get(j).join();
        } catch (RuntimeException e) {
          log.warn("Writing a {} failed, will retry: {}", what, e.toString());
          Map.Entry<K, Long> c = chunk.get(j);
          counts.computeIfAbsent(c.getKey(), k -> new LongAdder()).add(c.getValue());
        }
      }
    }
  }

  /** Reads every node's totals back, and the recent counts as of now. */
  public synchronized void refresh() {
    Map<String, Long> fresh = new HashMap<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT item_id, events FROM ebb.item_popularity").setPageSize(5000))) {
      fresh.put(row.getString(0), row.getLong(1));
    }
    long now = clock.millis();
    Map<String, Double> freshRecent = readRecent(now);
    sinceRefresh.clear();
    recentSinceRefresh.clear();
    refreshedAt = now;
    // What was flushed is now in the totals; what is still pending is not yet.
    pending.forEach((item, adder) -> sinceRefresh.computeIfAbsent(item, k -> new LongAdder()).add(adder.sum()));
    long oldest = recency.oldestLandmark(now);
    pendingRecent.forEach((key, adder) -> {
      if (key.landmark() >= oldest) {
        recentSinceRefresh.computeIfAbsent(key.itemId(), k -> new DoubleAdder())
            .add(recency.count(adder.sum(), key.landmark(), now));
      }
    });
    List<String> order = new ArrayList<>(fresh.keySet());
    order.sort(Comparator.<String>comparingLong(fresh::get).reversed().thenComparing(Comparator.naturalOrder()));
    totals = Map.copyOf(fresh);
    ranked = List.copyOf(order);
    maxCount = order.isEmpty() ? 0 : fresh.get(order.get(0));
    recentTotals = Map.copyOf(freshRecent);
    maxRecent = freshRecent.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  /**
   * Every item's recent count at {@code now}, from the landmarks still read: summed oldest landmark first, the order
   * the replay sums in, so that the two agree to the last bit.
   */
  private Map<String, Double> readRecent(long now) {
    long halfLife = recency.halfLife().toMillis();
    Map<String, Double> counts = new HashMap<>();
    for (long landmark = recency.oldestLandmark(now); landmark <= recency.landmarkOf(now);
        landmark += recency.periodMillis()) {
      double fade = recency.fade(landmark, now);
      for (Row row : session.execute(selectRecent.bind(halfLife, landmark).setPageSize(5000))) {
        counts.merge(row.getString(0), Recency.count(row.getLong(1), fade), Double::sum);
      }
    }
    return counts;
  }
}
