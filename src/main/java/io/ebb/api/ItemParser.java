package io.ebb.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.catalog.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Validates catalog items at the edge. */
final class ItemParser {

  static final int MAX_TITLE = 1_000;
  static final int MAX_DESCRIPTION = 20_000;
  static final int MAX_TAGS = 100;
  static final int MAX_TAG = 100;

  private final ObjectMapper json;

  ItemParser(ObjectMapper json) {
    this.json = json;
  }

  /** An item whose id comes from the path ({@code PUT /v1/items/{itemId}}). */
  Item parse(String itemId, JsonNode node, String prefix, Instant now) {
    Fields f = new Fields(node, prefix);
    String title = f.requiredText("title", MAX_TITLE);
    String description = f.optionalText("description", MAX_DESCRIPTION);
    List<String> tags = f.optionalStrings("tags", MAX_TAGS, MAX_TAG);
    JsonNode attributes = f.optionalObject("attributes");
    Map<String, Object> attrs =
        attributes == null ? Map.of() : json.convertValue(attributes, new TypeReference<Map<String, Object>>() {});
    return new Item(itemId, title.strip(), description == null ? "" : description.strip(), tags, attrs, now);
  }

  /** {@code POST /v1/items}: every item names its id; all-or-nothing. */
  List<Item> parseBulk(JsonNode body, int maxItems, Instant now) {
    JsonNode items = new Fields(body, "").requiredArray("items");
    if (items.size() > maxItems) {
      throw new ApiException(
          StatusCodes.PAYLOAD_TOO_LARGE,
          new ApiError(
              "too_large", "a bulk upsert holds at most " + maxItems + " items, got " + items.size(), "items"));
    }
    List<Item> parsed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String prefix = "items[" + i + "].";
      String itemId = new Fields(items.get(i), prefix).requiredId("itemId");
      parsed.add(parse(itemId, items.get(i), prefix, now));
    }
    return parsed;
  }
}
