package io.ebb.rank;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A validated recommendation query. {@code context} is accepted for context-aware re-ranking. */
public record RecommendRequest(
    int limit, boolean includeSeen, Set<String> exclude, Map<String, String> context, Instant now) {

  public RecommendRequest {
    exclude = Set.copyOf(exclude);
    context = Map.copyOf(context);
  }
}
