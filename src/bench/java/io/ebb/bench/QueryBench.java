package io.ebb.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ebb.catalog.BuildProgress;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.ExactVectorIndex;
import io.ebb.catalog.HnswSettings;
import io.ebb.catalog.ScoredItem;
import io.ebb.catalog.TieredVectorIndex;
import io.ebb.catalog.VectorIndex;
import io.ebb.catalog.VectorIndexSettings;
import io.ebb.catalog.Vectors;
import io.ebb.rank.RecommendSettings;
import io.ebb.rank.Recommender;
import io.ebb.user.RecommendRequest;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ebb bench query}: recommendations per second and their latency, for catalogs of several sizes and both
 * index backends, in process and through the service's own {@link Recommender} (its catalog loaded from memory
 * instead of Cassandra, see {@link SyntheticCatalog}); or against a running service over HTTP ({@code --url}).
 *
 * <p>Per catalog size and backend it prints the load and graph build time, the heap the index takes (heap after
 * full collections, with the index minus without it), recall@10 of the graph against an exact scan on sampled
 * users' interests, and a latency table (p50/p95/p99/p99.9) at saturation ({@code --concurrency}) or at a fixed
 * rate ({@code --rate}, latency counted from each query's intended start, see {@link QueryLoad}).
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Recommendation throughput and latency by catalog size and vector index (in process, or --url).")
public final class QueryBench implements Callable<Integer> {

  private static final int RECALL_K = 10;

  @Option(names = "--items", split = ",", defaultValue = "10000,100000,1000000",
      description = "Catalog sizes, comma-separated (default ${DEFAULT-VALUE}). 1,000,000 needs about -Xmx8g.")
  List<Integer> items;

  @Option(names = "--index", defaultValue = "both", description = "exact, hnsw or both (default ${DEFAULT-VALUE}).")
  String index;

  @Option(names = "--concurrency", defaultValue = "0",
      description = "Query threads; with --rate, the most queries in flight. Default: the cores in process, 32 with"
          + " --url.")
  int concurrency;

  @Option(names = "--rate", defaultValue = "0",
      description = "Queries per second at a fixed rate; 0 (default) saturates.")
  double rate;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
      description = "Measured time per run, e.g. 10s or 2m (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "Warm-up time per run (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--users", defaultValue = "1000", description = "Synthetic users (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--consumed", defaultValue = "30",
      description = "Items each user consumed, left out of its recommendations (default ${DEFAULT-VALUE}).")
  int consumed;

  @Option(names = "--limit", defaultValue = "10", description = "Recommendations per query (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--dimension", defaultValue = "384", description = "Vector dimension (default ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--topics", defaultValue = "200", description = "Topic clusters (default ${DEFAULT-VALUE}).")
  int topics;

  @Option(names = "--recall-queries", defaultValue = "200",
      description = "Users whose interests measure recall@10 (default ${DEFAULT-VALUE}).")
  int recallQueries;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-degree", description = "Overrides ebb.catalog.index.max-degree.")
  Integer maxDegree;

  @Option(names = "--beam-width", description = "Overrides ebb.catalog.index.beam-width.")
  Integer beamWidth;

  @Option(names = "--over-query", description = "Overrides ebb.catalog.index.over-query.")
  Double overQuery;

  @Option(names = "--min-candidates", description = "Overrides ebb.catalog.index.min-candidates.")
  Integer minCandidates;

  @Option(names = "--url", description = "Query a running service instead, e.g. http://127.0.0.1:8080.")
  URI url;

  @Option(names = "--user-prefix", defaultValue = "u-",
      description = "With --url: users <prefix>1 .. <prefix><users> are queried (default ${DEFAULT-VALUE}).")
  String userPrefix;

  @Spec CommandSpec spec;

  private final List<String[]> indexRows = new ArrayList<>();
  private final List<String[]> latencyRows = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (duration.isZero() || duration.isNegative() || warmup.isNegative() || users < 1 || limit < 1) {
      throw new IllegalArgumentException("--duration, --users and --limit must be positive, --warmup not negative");
    }
    return url != null ? remote(out) : inProcess(out);
  }

  private int inProcess(PrintWriter out) throws Exception {
    Config ebb = ConfigFactory.load().getConfig("ebb");
    HnswSettings hnsw = hnswSettings(VectorIndexSettings.fromConfig(ebb).hnsw());
    RecommendSettings recommend = RecommendSettings.fromConfig(ebb);
    List<String> kinds = switch (index) {
      case "exact" -> List.of("exact");
      case "hnsw" -> List.of("hnsw");
      case "both" -> List.of("exact", "hnsw");
      default -> throw new IllegalArgumentException("--index must be exact, hnsw or both, got " + index);
    };
    int threads = concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
    out.printf(Locale.ROOT, "bench query: %d-d synthetic vectors (%d topics, log-normal norms), %,d users with %d"
            + " consumed items each, limit %d, candidate pool %d; %s%n",
        dimension, topics, users, consumed, limit, recommend.ranking().poolFor(limit), mode(threads));
    out.printf(Locale.ROOT, "hnsw: max-degree %d, beam-width %d, over-query %.1f, min-candidates %d, build threads"
            + " %d; JVM %s, %d cores, max heap %.1f GB%n", hnsw.maxDegree(), hnsw.beamWidth(), hnsw.overQuery(),
        hnsw.minCandidates(),
        hnsw.buildThreads() > 0 ? hnsw.buildThreads() : Runtime.getRuntime().availableProcessors(),
        Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1e9);
    out.flush();
    ExecutorService loader = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "bench-catalog-load");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int size : items) {
        runSize(out, size, kinds, hnsw, recommend, threads, loader);
      }
    } finally {
      loader.shutdownNow();
    }
    out.println();
    printTable(out, new String[] {"items", "index", "load s", "build s", "index heap MB", "bytes/item", "recall@10"},
        indexRows);
    out.println();
    printTable(out, new String[] {"items", "index", "mode", "recs/s", "p50 ms", "p95 ms", "p99 ms", "p99.9 ms",
        "max ms", "errors"}, latencyRows);
    out.println("(Figures of this run only: measured on this machine under whatever else it was running.)");
    out.flush();
    return 0;
  }

  private void runSize(PrintWriter out, int size, List<String> kinds, HnswSettings hnsw, RecommendSettings recommend,
      int threads, ExecutorService loader) throws Exception {
    String tag = String.format(Locale.ROOT, "[%,d items]", size);
    long t0 = System.nanoTime();
    SyntheticCatalog data = SyntheticCatalog.generate(size, dimension, topics, seed);
    SyntheticUsers people = SyntheticUsers.generate(data, users, consumed, seed + 1);
    out.printf(Locale.ROOT, "%s generated in %.1f s%n", tag, seconds(t0));
    out.flush();
    long baseline = heapOfCatalog(data, new NoIndex(), loader);
    for (String kind : kinds) {
      VectorIndex vectorIndex = kind.equals("exact") ? new ExactVectorIndex()
          : new TieredVectorIndex(size, hnsw, printer(out, tag));
      Catalog catalog = data.catalog(vectorIndex, loader);
      long loadStart = System.nanoTime();
      catalog.load().toCompletableFuture().get(2, TimeUnit.HOURS);
      double loadSeconds = seconds(loadStart);
      String build = "-";
      if (vectorIndex instanceof TieredVectorIndex tiered) {
        long buildStart = System.nanoTime();
        tiered.graphServing().toCompletableFuture().get(10, TimeUnit.HOURS);
        build = String.format(Locale.ROOT, "%.1f", seconds(buildStart));
      }
      long heap = QueryHeap.usedAfterGc() - baseline;
      String recall =
          kind.equals("exact") ? "exact" : String.format(Locale.ROOT, "%.3f", recall(data, people, catalog));
      out.printf(Locale.ROOT, "%s %s: loaded in %.1f s, graph built in %s s, index heap %.1f MB (%,d bytes/item),"
          + " recall@10 %s%n", tag, kind, loadSeconds, build, heap / 1e6, heap / size, recall);
      out.flush();
      indexRows.add(new String[] {String.format(Locale.ROOT, "%,d", size), kind,
          String.format(Locale.ROOT, "%.1f", loadSeconds), build, String.format(Locale.ROOT, "%.1f", heap / 1e6),
          String.format(Locale.ROOT, "%,d", heap / size), recall});

      Recommender recommender = new Recommender(catalog, SyntheticPopularity.none(), recommend);
      QueryLoad load = new QueryLoad(
          sequence -> {
            var user = people.get(sequence);
            var request = new RecommendRequest(limit, false, Set.of(), Map.of(), Instant.now());
            if (recommender.recommend(user.userId(), user, request).items().isEmpty()) {
              throw new IllegalStateException("no recommendation for " + user.userId());
            }
          },
          threads,
          rate);
      QueryLoad.Result result = load.run(warmup, duration);
      latencyRows.add(latencyRow(String.format(Locale.ROOT, "%,d", size), kind, mode(threads), result));
      out.printf(Locale.ROOT, "%s %s: %,.0f recommendations/s, %s%n", tag, kind, result.perSecond(),
          Latencies.summary(result.latencies()));
      out.flush();
      vectorIndex.close();
    }
  }

  /** Heap with a catalog of {@code data} loaded over {@code vectorIndex}: the baseline when it stores nothing. */
  private static long heapOfCatalog(SyntheticCatalog data, VectorIndex vectorIndex, ExecutorService loader)
      throws Exception {
    Catalog catalog = data.catalog(vectorIndex, loader);
    catalog.load().toCompletableFuture().get(1, TimeUnit.HOURS);
    long used = QueryHeap.usedAfterGc();
    if (catalog.size() != data.size()) { // keeps the catalog reachable until measured
      throw new IllegalStateException("the catalog loaded " + catalog.size() + " of " + data.size() + " items");
    }
    return used;
  }

  /** Recall@10 of the catalog's index against an exact scan, over the first users' interests. */
  private double recall(SyntheticCatalog data, SyntheticUsers people, Catalog catalog) {
    int queries = Math.min(recallQueries, people.size());
    long hits = IntStream.range(0, queries).parallel().mapToLong(u -> {
      float[] query = people.get(u).queryVector();
      Set<String> truth = new HashSet<>(exactTop(data, query, RECALL_K));
      return catalog.index().topK(query, RECALL_K, null).stream().filter(s -> truth.contains(s.itemId())).count();
    }).sum();
    return hits / (double) (queries * RECALL_K);
  }

  private static List<String> exactTop(SyntheticCatalog data, float[] query, int k) {
    PriorityQueue<ScoredItem> best = new PriorityQueue<>(k + 1, ScoredItem.BEST_FIRST.reversed());
    for (int i = 0; i < data.size(); i++) {
      best.add(new ScoredItem(SyntheticCatalog.id(i), Vectors.dot(query, data.vector(i))));
      if (best.size() > k) {
        best.poll();
      }
    }
    return best.stream().map(ScoredItem::itemId).toList();
  }

  private int remote(PrintWriter out) throws Exception {
    int threads = concurrency > 0 ? concurrency : 32;
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on every new connection
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    URI base = url.toString().endsWith("/") ? url : URI.create(url + "/");
    out.printf(Locale.ROOT, "bench query against %s: users %s1..%s%d, limit %d, %s%n",
        url, userPrefix, userPrefix, users, limit, mode(threads));
    out.flush();
    AtomicLong failures = new AtomicLong();
    QueryLoad load = new QueryLoad(
        sequence -> {
          String user = userPrefix + (1 + sequence % users);
          URI target = base.resolve("v1/users/" + user + "/recommendations?limit=" + limit);
          HttpRequest request = HttpRequest.newBuilder(target)
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build();
          HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() != 200) {
            failures.incrementAndGet();
            throw new IllegalStateException("HTTP " + response.statusCode() + " for " + user);
          }
        },
        threads,
        rate);
    QueryLoad.Result result = load.run(warmup, duration);
    latencyRows.add(latencyRow("(service)", "(service)", mode(threads), result));
    out.println();
    printTable(out, new String[] {"items", "index", "mode", "recs/s", "p50 ms", "p95 ms", "p99 ms", "p99.9 ms",
        "max ms", "errors"}, latencyRows);
    if (result.late() > 0) {
      out.printf(Locale.ROOT, "%,d queries started more than 1 ms late: the client was short of threads%n",
          result.late());
    }
    out.flush();
    return result.answered() > 0 ? 0 : 1;
  }

  private String mode(int threads) {
    return rate > 0
        ? String.format(Locale.ROOT, "fixed rate %,.0f/s, at most %d in flight", rate, threads)
        : String.format(Locale.ROOT, "saturation, %d threads", threads);
  }

  private HnswSettings hnswSettings(HnswSettings configured) {
    return new HnswSettings(
        Optional.ofNullable(maxDegree).orElse(configured.maxDegree()),
        Optional.ofNullable(beamWidth).orElse(configured.beamWidth()),
        Optional.ofNullable(overQuery).orElse(configured.overQuery()),
        Optional.ofNullable(minCandidates).orElse(configured.minCandidates()),
        configured.buildThreads(),
        configured.cleanupFraction());
  }

  /** Prints build progress at most every two seconds (the last one always). */
  private static BuildProgress printer(PrintWriter out, String tag) {
    long start = System.nanoTime();
    AtomicLong lastPrint = new AtomicLong(start);
    return (linked, total) -> {
      long now = System.nanoTime();
      long last = lastPrint.get();
      if ((linked == total || now - last > 2_000_000_000L) && lastPrint.compareAndSet(last, now)) {
        synchronized (out) {
          out.printf(Locale.ROOT, "%s hnsw build: %,d / %,d nodes (%.0f%%), %.0f s%n",
              tag, linked, total, 100.0 * linked / Math.max(1, total), (now - start) / 1e9);
          out.flush();
        }
      }
    };
  }

  private static String[] latencyRow(String size, String kind, String mode, QueryLoad.Result r) {
    return new String[] {
      size, kind, mode,
      String.format(Locale.ROOT, "%,.0f", r.perSecond()),
      millis(r, 50), millis(r, 95), millis(r, 99), millis(r, 99.9),
      String.format(Locale.ROOT, "%.2f", r.latencies().getMaxValue() / 1000.0),
      String.format(Locale.ROOT, "%,d", r.errors())
    };
  }

  private static String millis(QueryLoad.Result r, double percentile) {
    return String.format(Locale.ROOT, "%.2f", Latencies.percentileMillis(r.latencies(), percentile));
  }

  /** A Markdown table, so the output pastes into the README as it is. */
  private static void printTable(PrintWriter out, String[] header, List<String[]> rows) {
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    line(out, header, widths);
    StringBuilder rule = new StringBuilder("|");
    for (int c = 0; c < widths.length; c++) {
      rule.append(c < 3 ? " " + "-".repeat(widths[c]) + " |" : " " + "-".repeat(widths[c] - 1) + ": |");
    }
    out.println(rule);
    rows.forEach(row -> line(out, row, widths));
  }

  private static void line(PrintWriter out, String[] cells, int[] widths) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < cells.length; c++) {
      String pad = " ".repeat(widths[c] - cells[c].length());
      sb.append(' ').append(c < 3 ? cells[c] + pad : pad + cells[c]).append(" |");
    }
    out.println(sb);
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  /** Holds nothing: a catalog over it measures the heap of everything but the index. */
  private static final class NoIndex implements VectorIndex {
    @Override
    public void upsert(String itemId, float[] vector) {}

    @Override
    public void remove(String itemId) {}

    @Override
    public Optional<float[]> vector(String itemId) {
      return Optional.empty();
    }

    @Override
    public int size() {
      return 0;
    }

    @Override
    public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
      return List.of();
    }
  }
}
