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

  /** {@code limit} already checked ({@link QueryParams#limit}); the rest from the whole query string. */
  static RecommendQuery of(int limit, Map<String, String> query) {
    boolean includeSeen = "true".equalsIgnoreCase(query.getOrDefault("includeSeen", "false"));
    Set<String> exclude =
        Arrays.stream(query.getOrDefault("exclude", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    Map<String, String> context = new LinkedHashMap<>();
    query.forEach(
        (k, v) -> {
          if (k.startsWith(CONTEXT_PREFIX)) {
            context.put(k.substring(CONTEXT_PREFIX.length()), v);
          }
        });
    return new RecommendQuery(limit, includeSeen, exclude, Map.copyOf(context));
  }

  RecommendRequest at(Instant now) {
    return new RecommendRequest(limit, includeSeen, exclude, context, now);
  }

  /** As of {@code at} when the caller asked for an instant ({@code at=}), else as of {@code now}. */
  RecommendRequest at(Instant now, Instant at) {
    return at == null ? at(now) : new RecommendRequest(limit, includeSeen, exclude, context, at, at);
  }
}
