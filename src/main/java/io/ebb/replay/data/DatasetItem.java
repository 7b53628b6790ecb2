package io.ebb.replay.data;

import java.util.List;
import java.util.Objects;

/** An item of a dataset, with the text the catalog embeds. {@code description} is empty when there is none. */
public record DatasetItem(String itemId, String title, String description, List<String> tags) {

  public DatasetItem {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(title, "title");
    description = description == null ? "" : description;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
