package io.ebb.api;

import io.ebb.user.RecommendRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a recommendation request asks for, read from its query string the same way for the GET and the WebSocket:
 * {@code limit}, {@code includeSeen=true}, {@code exclude=a,b}, {@code context.<name>=<value>}.
 */
record RecommendQuery(int limit, boolean includeSeen, Set<String> exclude, Map<String, String> context) {

  private static final String CONTEXT_PREFIX = "context.";

  /**
   * {@code limit} already checked ({@link QueryParams#limit}); the rest from the whole query string, with the
   * limits of a request body: {@code exclude} holds ids, {@code context.*} the entries of an event's context. A
   * parameter out of them is a 400 naming it ({@code exclude}, {@code context.device}).
   */
  static RecommendQuery of(int limit, Map<String, String> query) {
    return new RecommendQuery(limit, includeSeen(query), exclude(query), context(query));
  }

  private static boolean includeSeen(Map<String, String> query) {
    String raw = query.getOrDefault("includeSeen", "false").trim();
    if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
      throw ApiException.invalid("includeSeen", "includeSeen must be true or false");
    }
    return raw.equalsIgnoreCase("true");
  }

  private static Set<String> exclude(Map<String, String> query) {
    Set<String> exclude =
        Arrays.stream(query.getOrDefault("exclude", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    exclude.forEach(id -> Fields.checkId("exclude", id));
    return exclude;
  }

  private static Map<String, String> context(Map<String, String> query) {
    Map<String, String> context = new LinkedHashMap<>();
    query.forEach(
        (k, v) -> {
          if (k.startsWith(CONTEXT_PREFIX)) {
            String key = k.substring(CONTEXT_PREFIX.length());
            Fields.checkContextEntry(RequestJson.child("context", key), key, v);
            context.put(key, v);
          }
        });
    if (context.size() > Fields.MAX_CONTEXT_ENTRIES) {
      throw ApiException.invalid("context", "context has more than " + Fields.MAX_CONTEXT_ENTRIES + " entries");
    }
    return Map.copyOf(context);
  }

  RecommendRequest at(Instant now) {
    return new RecommendRequest(limit, includeSeen, exclude, context, now);
  }

  /** As of {@code at} when the caller asked for an instant ({@code at=}), else as of {@code now}. */
  RecommendRequest at(Instant now, Instant at) {
    return at == null ? at(now) : new RecommendRequest(limit, includeSeen, exclude, context, at, at);
  }
}
