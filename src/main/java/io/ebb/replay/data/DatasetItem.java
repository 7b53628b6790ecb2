package io.ebb.replay.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An item of a dataset, with the text the catalog embeds. {@code description} is empty when there is none;
 * {@code attributes} are the item's attributes as the catalog keeps them (not embedded), e.g. {@code lat} and
 * {@code lon} of a place: a {@link Double} where the source's text parses as a number, else the text.
 */
public record DatasetItem(
    String itemId, String title, String description, List<String> tags, Map<String, Object> attributes) {

  public DatasetItem {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(title, "title");
    description = description == null ? "" : description;
    tags = tags == null ? List.of() : List.copyOf(tags);
    attributes = attributes == null || attributes.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** An item without attributes. */
  public DatasetItem(String itemId, String title, String description, List<String> tags) {
    this(itemId, title, description, tags, Map.of());
  }
}
