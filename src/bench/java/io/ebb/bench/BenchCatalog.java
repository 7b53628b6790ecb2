package io.ebb.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.replay.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items the ingest benchmark sends events about: {@code bench-i-0 … bench-i-(n-1)}, short synthetic titles
 * and tags, upserted in chunks through {@code POST /v1/items} (the service embeds each). Chunks go in order, so a
 * chunk whose last item exists was stored before: a {@code GET} per chunk tells which chunks a service already
 * has, and a second run with the same sizes uploads nothing.
 */
final class BenchCatalog {

  static final String PREFIX = "bench-i-";

  /** Small, so that embedding one chunk stays well inside the server's request timeout on a busy machine. */
  private static final int CHUNK = 250;

  private static final String[] ADJECTIVES = {
    "quiet", "burning", "hidden", "silver", "broken", "northern", "last", "electric", "golden", "lonely",
    "wild", "distant", "secret", "frozen", "midnight", "crimson",
  };
  private static final String[] NOUNS = {
    "harbour", "city", "garden", "machine", "river", "kingdom", "signal", "orchard", "station", "empire",
    "island", "letter", "forest", "engine", "mirror", "desert", "planet", "kitchen",
  };
  private static final String[] TAGS = {
    "drama", "comedy", "thriller", "romance", "sci-fi", "documentary", "crime", "fantasy", "horror", "family",
    "music", "sports", "history", "animation", "war", "western", "cooking", "travel", "nature", "tech",
  };

  private final URI base;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final PrintWriter err;

  BenchCatalog(URI base, PrintWriter err) {
    this.base = base;
    this.err = err;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  static String itemId(int i) {
    return PREFIX + i;
  }

  static String[] itemIds(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = itemId(i);
    }
    return ids;
  }

  /** Makes sure the service has items {@code 0..n-1}; returns how many it had to upsert. */
  int ensure(int n) throws IOException, InterruptedException {
    List<int[]> missing = new ArrayList<>();
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      if (!exists(itemId(to - 1))) {
        missing.add(new int[] {from, to});
      }
    }
    int total = missing.stream().mapToInt(c -> c[1] - c[0]).sum();
    if (total == 0) {
      err.printf("[ingest] the service already has the %,d bench items%n", n);
      err.flush();
      return 0;
    }
    err.printf("[ingest] upserting %,d of %,d bench items (each is embedded by the service)%n", total, n);
    err.flush();
    Progress progress = new Progress("items", "items", total);
    for (int[] chunk : missing) {
      upsert(chunk[0], chunk[1]);
      progress.advance(chunk[1] - chunk[0]);
    }
    progress.finish();
    return total;
  }

  private boolean exists(String itemId) throws IOException, InterruptedException {
    HttpResponse<Void> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/items/" + itemId)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw new IOException("GET /v1/items/" + itemId + " answered " + r.statusCode());
    }
    return r.statusCode() == 200;
  }

  private void upsert(int from, int to) throws IOException, InterruptedException {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = from; i < to; i++) {
      items.add(item(i));
    }
    byte[] body = json.writeValueAsBytes(Map.of("items", items));
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/v1/items"))
                  .timeout(Duration.ofMinutes(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return;
      }
      if (r.statusCode() != 503 || attempt == 5) {
        throw new IOException("POST /v1/items answered " + r.statusCode() + ": " + r.body());
      }
      Thread.sleep(500L * attempt);
    }
  }

  /** Item {@code i}: a two-word title, a one-line description and two tags, all derived from {@code i}. */
  static Map<String, Object> item(int i) {
    String adjective = ADJECTIVES[i % ADJECTIVES.length];
    String noun = NOUNS[(i / ADJECTIVES.length) % NOUNS.length];
    String first = TAGS[Math.floorMod(i * 7 + 3, TAGS.length)];
    String second = TAGS[Math.floorMod(i * 13 + 5, TAGS.length)];
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("itemId", itemId(i));
    item.put("title", "The " + adjective + " " + noun + " " + i);
    item.put("description", "A " + first + " about a " + adjective + " " + noun + ".");
    item.put("tags", first.equals(second) ? List.of(first) : List.of(first, second));
    return item;
  }
}
