package io.ebb.catalog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An item of the catalog as clients describe it.
 *
 * <p>{@code updatedAt} is truncated to milliseconds, the precision Cassandra keeps, so an item read back
 * equals the item written. {@code attributes} may hold {@code null} values (they come from JSON).
 */
public record Item(
    String itemId,
    String title,
    String description,
    List<String> tags,
    Map<String, Object> attributes,
    Instant updatedAt) {

  public Item {
    if (itemId == null || itemId.isBlank()) {
      throw new IllegalArgumentException("itemId must not be blank");
    }
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("title of item " + itemId + " must not be blank");
    }
    Objects.requireNonNull(updatedAt, "updatedAt");
    description = description == null ? "" : description;
    tags = tags == null ? List.of() : List.copyOf(tags);
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
  }
}
