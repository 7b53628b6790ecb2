package io.ebb.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's recent load for the console's cluster page: events accepted a second and recommendation latency over
 * the last {@link #WINDOW}, from the meters {@code GET /metrics} exposes. The meters count from the start, so the
 * window is the difference between a sample taken now and one taken a window ago; {@link #sample} is called every
 * few seconds. The latency quantiles are read from the recommendation timers' histogram buckets, as Prometheus'
 * {@code histogram_quantile} would: each is the upper bound of the bucket it falls in.
 */
final class NodeLoad {

  static final Duration WINDOW = Duration.ofMinutes(1);
  static final String EVENTS = "ebb.events.accepted";
  static final String RECOMMENDATIONS = "ebb.recommendations";

  /** The figures of one window; latencies are null when no recommendation was answered in it. */
  record Window(
      double seconds, double eventsPerSecond, long eventsAccepted, double recommendationsPerSecond,
      long recommendations, Double meanMillis, Double p50Millis, Double p99Millis) {}

  /** Cumulative counts at one instant; {@code buckets} maps a bucket's upper bound (ns) to the count up to it. */
  private record Sample(long nanos, double events, long recommendations, double totalNanos,
      TreeMap<Double, Double> buckets) {}

  private final MeterRegistry registry;
  private final Deque<Sample> samples = new ArrayDeque<>();

  NodeLoad(MeterRegistry registry) {
    this.registry = registry;
    sample();
  }

  /** Takes a sample and forgets those older than a window (keeping one that old, the window's start). */
  synchronized void sample() {
    Sample now = take();
    samples.addLast(now);
    while (samples.size() > 2 && now.nanos() - second(samples) >= WINDOW.toNanos()) {
      samples.removeFirst();
    }
  }

  /** The last window (or since the first sample, when the node is younger), ending now. */
  synchronized Window window() {
    Sample now = take();
    Sample start = samples.peekFirst();
    double seconds = Math.max(1e-3, (now.nanos() - start.nanos()) / 1e9);
    double events = now.events() - start.events();
    long recs = now.recommendations() - start.recommendations();
    Double mean = recs > 0 ? (now.totalNanos() - start.totalNanos()) / recs / 1e6 : null;
    return new Window(seconds, events / seconds, Math.round(now.events()), recs / seconds, now.recommendations(),
        mean, quantile(start, now, recs, 0.5), quantile(start, now, recs, 0.99));
  }

  private static long second(Deque<Sample> samples) {
    var it = samples.iterator();
    it.next();
    return it.next().nanos();
  }

  private Sample take() {
    double events = 0;
    for (Meter meter : registry.find(EVENTS).meters()) {
      for (Measurement m : meter.measure()) {
        if (m.getStatistic() == Statistic.COUNT) {
          events += m.getValue();
        }
      }
    }
    long count = 0;
    double total = 0;
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Timer timer : registry.find(RECOMMENDATIONS).timers()) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      count += snapshot.count();
      total += snapshot.total(TimeUnit.NANOSECONDS);
      for (CountAtBucket b : snapshot.histogramCounts()) {
        buckets.merge(b.bucket(TimeUnit.NANOSECONDS), b.count(), Double::sum);
      }
    }
    return new Sample(System.nanoTime(), events, count, total, buckets);
  }

  /** The upper bound (ms) of the first bucket holding the {@code q} quantile of the window's recommendations. */
  private static Double quantile(Sample start, Sample now, long recs, double q) {
    if (recs <= 0) {
      return null;
    }
    double rank = q * recs;
    for (Map.Entry<Double, Double> bucket : now.buckets().entrySet()) {
      double inWindow = bucket.getValue() - start.buckets().getOrDefault(bucket.getKey(), 0.0);
      if (inWindow >= rank) {
        return bucket.getKey() / 1e6;
      }
    }
    return now.buckets().isEmpty() ? null : now.buckets().lastKey() / 1e6;
  }
}
