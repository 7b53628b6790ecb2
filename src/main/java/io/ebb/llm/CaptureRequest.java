package io.ebb.llm;

import io.ebb.interest.TagWeight;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a capturer reads about one user: the recent events (most recent first is the convention, though nothing
 * depends on it), the user's top decayed tags, and the context of the moment (device, place, weather, weekday...).
 *
 * <p>Null lists and maps are read as empty; null entries and context entries with a null key or value are dropped.
 */
public record CaptureRequest(
    String userId, Instant now, List<RecentItem> recent, List<TagWeight> topTags, Map<String, String> context) {

  public CaptureRequest {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(now, "now");
    recent = recent == null ? List.of() : recent.stream().filter(Objects::nonNull).toList();
    topTags = topTags == null ? List.of() : topTags.stream().filter(t -> t != null && t.tag() != null).toList();
    Map<String, String> copy = new LinkedHashMap<>();
    if (context != null) {
      context.forEach((k, v) -> {
        if (k != null && v != null) {
          copy.put(k, v);
        }
      });
    }
    context = Collections.unmodifiableMap(copy);
  }
}
