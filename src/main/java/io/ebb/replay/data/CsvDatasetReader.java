package io.ebb.replay.data;

import io.ebb.interest.EventType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a dataset in Ebb's generic CSV form. Both files start with a header row naming their columns (any order,
 * case and {@code _}/{@code -} ignored):
 *
 * <ul>
 *   <li>items: {@code itemId,title[,description][,tags][,attr.<name>…]}, tags separated by {@code |};
 *   <li>events: {@code userId,itemId,timestamp[,type][,value][,context.<name>…]}; timestamp in epoch seconds or
 *       ISO-8601; type one of the event types ({@code view} when absent or empty); value may be empty, except for
 *       {@code rate} (0.5 to 5.0, as the HTTP API requires).
 * </ul>
 *
 * A column {@code attr.<name>} is the item attribute {@code <name>} and {@code context.<name>} the event's context
 * entry {@code <name>} (e.g. {@code attr.lat}, {@code context.lat}, {@code context.tz}), as the HTTP API takes them:
 * a number where the field parses as one, else the text; an empty field is no entry. Names keep their case.
 *
 * Events naming an item the items file does not hold are dropped and counted; rows that cannot be read are
 * reported with their file and line ({@link DatasetReport#badRows()}) and left out, never skipped silently.
 */
public final class CsvDatasetReader {

  static final double MIN_RATING = 0.5;
  static final double MAX_RATING = 5.0;
  /** The prefix of an event's context columns. */
  public static final String CONTEXT_PREFIX = "context.";
  /** The prefix of an item's attribute columns. */
  public static final String ATTRIBUTE_PREFIX = "attr.";

  private CsvDatasetReader() {}

  public static Dataset read(Path itemsCsv, Path eventsCsv) throws IOException {
    List<String> bad = new ArrayList<>();
    Map<String, DatasetItem> items = readItems(itemsCsv, bad);
    List<Interaction> events = new ArrayList<>();
    long rows = 0;
    long unknown = 0;
    String file = eventsCsv.getFileName().toString();
    try (CsvRows csv = CsvRows.open(eventsCsv)) {
      Columns col = Columns.of(
          csv.next(), file, List.of("userid", "itemid", "timestamp"), List.of("type", "value"), CONTEXT_PREFIX);
      for (CsvRows.Row row = csv.nextOrReport(file, bad);
          row != null;
          row = csv.nextOrReport(file, bad)) {
        rows++;
        try {
          String user = Fields.required("userId", col.get(row, "userid"));
          String item = Fields.required("itemId", col.get(row, "itemid"));
          long at = Fields.epochMilli(Fields.required("timestamp", col.get(row, "timestamp")));
          String typeField = col.get(row, "type");
          String typeText = typeField.strip().toLowerCase(Locale.ROOT);
          EventType type = typeText.isEmpty() ? EventType.VIEW : EventType.fromWire(typeText).orElse(null);
          if (type == null) {
            throw new Fields.BadField("type '" + typeField + "' is not one of " + EventType.wireNames());
          }
          Double value = Fields.optionalNumber("value", col.get(row, "value"));
          if (type == EventType.RATE && value == null) {
            throw new Fields.BadField("a rate event needs a value (0.5 to 5.0)");
          }
          if (type == EventType.RATE && (value < MIN_RATING || value > MAX_RATING)) {
            throw new Fields.BadField("value " + value + " of a rate event is not within 0.5 to 5.0");
          }
          if (!items.containsKey(item)) {
            unknown++;
            continue;
          }
          events.add(new Interaction(user, item, at, type, value, col.extras(row)));
        } catch (Fields.BadField e) {
          bad.add(file + " line " + row.line() + ": " + e.getMessage());
        }
      }
    }
    String name = itemsCsv.toAbsolutePath().getParent() == null
        ? file
        : String.valueOf(itemsCsv.toAbsolutePath().getParent().getFileName());
    return new Dataset(name, List.copyOf(items.values()), events, new DatasetReport(rows, unknown, bad));
  }

  private static Map<String, DatasetItem> readItems(Path itemsCsv, List<String> bad) throws IOException {
    Map<String, DatasetItem> items = new LinkedHashMap<>();
    Map<String, Long> firstLine = new LinkedHashMap<>();
    String file = itemsCsv.getFileName().toString();
    try (CsvRows csv = CsvRows.open(itemsCsv)) {
      Columns col = Columns.of(
          csv.next(), file, List.of("itemid", "title"), List.of("description", "tags"), ATTRIBUTE_PREFIX);
      for (CsvRows.Row row = csv.nextOrReport(file, bad);
          row != null;
          row = csv.nextOrReport(file, bad)) {
        try {
          String id = Fields.required("itemId", col.get(row, "itemid"));
          String title = Fields.required("title", col.get(row, "title"));
          List<String> tags = new ArrayList<>();
          for (String t : col.get(row, "tags").split("\\|")) {
            String tag = t.strip();
            if (!tag.isEmpty() && !tags.contains(tag)) {
              tags.add(tag);
            }
          }
          Long first = firstLine.putIfAbsent(id, row.line());
          if (first != null) {
            throw new Fields.BadField(
                "itemId '" + id + "' is repeated (first on line " + first + "); the first is kept");
          }
          items.put(id, new DatasetItem(id, title, col.get(row, "description").strip(), tags, col.extras(row)));
        } catch (Fields.BadField e) {
          bad.add(file + " line " + row.line() + ": " + e.getMessage());
        }
      }
    }
    return items;
  }

  /**
   * Column positions by header name; an optional column absent from the header reads as empty. {@code extras}: the
   * columns named {@code <prefix><name>}, by name.
   */
  private record Columns(Map<String, Integer> index, Map<String, Integer> extras) {

    static Columns of(
        CsvRows.Row header, String file, List<String> required, List<String> optional, String prefix)
        throws IOException {
      if (header == null) {
        throw new IOException(file + " is empty: expected a header row naming " + String.join(",", required));
      }
      Map<String, Integer> index = new LinkedHashMap<>();
      Map<String, Integer> extras = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        String raw = header.get(i).strip();
        if (raw.regionMatches(true, 0, prefix, 0, prefix.length()) && raw.length() > prefix.length()) {
          extras.putIfAbsent(raw.substring(prefix.length()), i);
          continue;
        }
        String name = header.get(i).strip().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (required.contains(name) || optional.contains(name)) {
          index.putIfAbsent(name, i);
        }
      }
      List<String> missing = required.stream().filter(r -> !index.containsKey(r)).toList();
      if (!missing.isEmpty()) {
        throw new IOException(
            file + " line " + header.line() + ": the header row must name the columns " + String.join(",", required)
                + " (missing: " + String.join(",", missing) + "); found " + String.join(",", header.fields()));
      }
      return new Columns(index, extras);
    }

    /** The row's non-empty extra fields by name: numbers where they parse as numbers. */
    Map<String, Object> extras(CsvRows.Row row) {
      if (extras.isEmpty()) {
        return Map.of();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      extras.forEach((name, i) -> {
        String text = row.getOrEmpty(i).strip();
        if (!text.isEmpty()) {
          out.put(name, Fields.numberOrText(text));
        }
      });
      return out;
    }

    String get(CsvRows.Row row, String name) throws Fields.BadField {
      Integer i = index.get(name);
      if (i == null) {
        return "";
      }
      if (i >= row.size()) {
        if (name.equals("userid") || name.equals("itemid") || name.equals("timestamp") || name.equals("title")) {
          throw new Fields.BadField("expected at least " + (i + 1) + " fields, found " + row.size());
        }
        return "";
      }
      return row.get(i);
    }
  }
}
