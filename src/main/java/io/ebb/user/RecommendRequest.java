package io.ebb.user;

import io.ebb.CborSerializable;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A validated recommendation query, answered as of {@code now}. {@code at} is the instant the caller asked for
 * ({@code at=}), or null when the answer is as of the server's clock. It lives beside the entity because the entity
 * answers it ({@link UserCommand.Recommend}): the query crosses the cluster, the user's consumed set does not.
 */
public record RecommendRequest(
    int limit, boolean includeSeen, Set<String> exclude, Map<String, String> context, Instant now, Instant at)
    implements CborSerializable {

  public RecommendRequest {
    exclude = Set.copyOf(exclude);
    context = Map.copyOf(context);
  }

  /** A request as of the server's clock. */
  public RecommendRequest(int limit, boolean includeSeen, Set<String> exclude, Map<String, String> context,
      Instant now) {
    this(limit, includeSeen, exclude, context, now, null);
  }
}
