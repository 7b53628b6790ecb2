package io.ebb.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.replay.Progress;
import io.ebb.replay.data.CsvDatasetReader;
import io.ebb.replay.data.GowallaReader;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.MovieLensReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads a dataset into a running service through its bulk endpoints: items first (they are embedded), then the
 * events, grouped by user so each batch becomes few journal writes. Event ids are derived from the event
 * itself, so importing the same file twice does not apply its events twice (within each user's dedup window).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Load items and events (MovieLens, Gowalla or generic CSV) into a running Ebb service over HTTP.")
public final class ImportCommand implements Callable<Integer> {

  static final class Source {
    @Option(names = "--movielens", description = "A MovieLens folder (movies.csv, tags.csv, ratings.csv).", required = true)
    Path movieLens;

    @Option(names = "--gowalla", required = true,
        description = "A folder of Gowalla check-ins (gowalla_events.csv[.gz], gowalla_venues.csv): venues with their"
            + " place, check-ins with their place and zone.")
    Path gowalla;

    @ArgGroup(exclusive = false)
    Csv csv;
  }

  static final class Csv {
    @Option(names = "--items", required = true,
        description = "itemId,title[,description][,tags][,attr.<name>...] with |-separated tags (attr.lat and"
            + " attr.lon place an item)")
    Path items;

    @Option(names = "--events", required = true,
        description = "userId,itemId,timestamp[,type][,value][,context.<name>...] (context.lat, context.lon,"
            + " context.tz: where and in which zone the user was)")
    Path events;
  }

  @ArgGroup(multiplicity = "1")
  Source source;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The service (default ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--batch", defaultValue = "1000", description = "Events per batch request (max 1000).")
  int batchSize;

  @Option(names = "--concurrency", defaultValue = "4", description = "Batch requests in flight.")
  int concurrency;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    Dataset dataset =
        source.movieLens != null ? MovieLensReader.read(source.movieLens)
            : source.gowalla != null ? GowallaReader.read(source.gowalla)
            : CsvDatasetReader.read(source.csv.items, source.csv.events);
    System.err.println("[import] " + dataset.name() + ": " + dataset.report().summary());
    dataset.report().badRows().stream().limit(20).forEach(line -> System.err.println("[import]   " + line));
    if (dataset.report().badRows().size() > 20) {
      System.err.println("[import]   … and " + (dataset.report().badRows().size() - 20) + " more bad rows");
    }
    long items = importItems(dataset.items());
    long[] events = importEvents(dataset.interactions());
    System.err.printf(
        "[import] done: %,d items, %,d events accepted, %,d duplicates (already imported), %,d dropped (unknown item), %,d bad rows%n",
        items, events[0], events[1], dataset.report().droppedUnknownItem(), dataset.report().badRows().size());
    return 0;
  }

  private long importItems(List<DatasetItem> items) throws Exception {
    Progress progress = new Progress("items", "items", items.size());
    long upserted = 0;
    for (int i = 0; i < items.size(); i += 1000) {
      List<Map<String, Object>> chunk = new ArrayList<>();
      for (DatasetItem item : items.subList(i, Math.min(items.size(), i + 1000))) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("itemId", item.itemId());
        body.put("title", item.title());
        body.put("description", item.description());
        body.put("tags", item.tags());
        if (!item.attributes().isEmpty()) {
          body.put("attributes", item.attributes());
        }
        chunk.add(body);
      }
      JsonNode answer = post("/v1/items", Map.of("items", chunk));
      upserted += answer.path("upserted").asLong();
      progress.advance(chunk.size());
    }
    progress.finish();
    return upserted;
  }

  /** Returns {accepted, duplicates}. */
  private long[] importEvents(List<Interaction> interactions) throws Exception {
    List<Interaction> ordered = new ArrayList<>(interactions);
    ordered.sort(Comparator.comparing(Interaction::userId).thenComparingLong(Interaction::epochMilli));
    Progress progress = new Progress("events", "events", ordered.size());
    AtomicLong accepted = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
    try {
      List<Future<?>> pending = new ArrayList<>();
      int size = Math.min(1000, Math.max(1, batchSize));
      for (int i = 0; i < ordered.size(); i += size) {
        List<Interaction> chunk = ordered.subList(i, Math.min(ordered.size(), i + size));
        pending.add(
            pool.submit(
                () -> {
                  JsonNode answer = post("/v1/events/batch", Map.of("events", chunk.stream().map(ImportCommand::event).toList()));
                  accepted.addAndGet(answer.path("accepted").asLong());
                  duplicates.addAndGet(answer.path("duplicates").asLong());
                  progress.advance(chunk.size());
                  return null;
                }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    return new long[] {accepted.get(), duplicates.get()};
  }

  static Map<String, Object> event(Interaction i) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eventId", eventId(i));
    e.put("userId", i.userId());
    e.put("itemId", i.itemId());
    e.put("type", i.type().wireName());
    if (i.value() != null) {
      e.put("value", i.value());
    }
    e.put("timestamp", Instant.ofEpochMilli(i.epochMilli()).toString());
    if (!i.context().isEmpty()) {
      e.put("context", i.context()); // the place and zone the time and place context read
    }
    return e;
  }

  /** A stable id for an imported event: the same row always gets the same id. */
  static String eventId(Interaction i) {
    long h = 1125899906842597L;
    for (String part : new String[] {i.itemId(), Long.toString(i.epochMilli()), i.type().wireName(), String.valueOf(i.value())}) {
      for (int c = 0; c < part.length(); c++) {
        h = 31 * h + part.charAt(c);
      }
      h = 31 * h + '|';
    }
    return "imp-" + Long.toUnsignedString(h, 36);
  }

  /** POSTs JSON; retries a 503 (the journal is busy: nothing was acknowledged) with backoff; fails on others. */
  private JsonNode post(String path, Object body) throws IOException, InterruptedException {
    byte[] bytes = json.writeValueAsBytes(body);
    long backoff = 200;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url.resolve(path))
                  .timeout(Duration.ofMinutes(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() / 100 == 2) {
        return json.readTree(r.body());
      }
      if (r.statusCode() != 503 || attempt == 6) {
        throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      Thread.sleep(backoff);
      backoff *= 2;
    }
  }
}
