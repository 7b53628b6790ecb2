package io.ebb.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One of the user's recent events with what the model needs to read it: the item's title and tags, what the user
 * did, and how long before {@link CaptureRequest#now()} it happened.
 *
 * @param value the event's value where it has one (a rating), else {@code null}
 * @param ago how long before the request's {@code now} the event happened (negative is read as zero)
 */
public record RecentItem(String itemId, String title, List<String> tags, String eventType, Double value, Duration ago) {

  public RecentItem {
    Objects.requireNonNull(itemId, "itemId");
    title = title == null ? "" : title;
    tags = tags == null ? List.of() : tags.stream().filter(Objects::nonNull).toList();
    eventType = eventType == null ? "" : eventType;
    ago = ago == null || ago.isNegative() ? Duration.ZERO : ago;
  }

  /** The title, or the item id when the item has no title. */
  public String label() {
    return title.isBlank() ? itemId : title.strip();
  }
}
