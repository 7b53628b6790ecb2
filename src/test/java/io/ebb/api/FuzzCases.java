package io.ebb.api;

import static io.ebb.api.Fuzz.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Request bodies for the fuzz suite, each with what the contract says it must get. A case starts from a valid
 * body and, most of the time, breaks it in exactly one way, so the expected status and the field at fault are
 * known: a wrong type, an id out of pattern, a length over its limit, a non-finite number, a key twice, text
 * that is not JSON or not UTF-8, nesting too deep, a body over the size limit.
 */
final class FuzzCases {

  /**
   * What a request must get: {@code status} 0 = the 2xx of a valid request, -1 = a 2xx or any JSON 4xx; the
   * error's {@code field} one of {@code fields} (empty: no field), unchecked if {@code anyField}.
   */
  record Expect(int status, Set<String> fields, boolean anyField) {

    static Expect ok() {
      return new Expect(0, Set.of(), false);
    }

    static Expect bad(String field) {
      return new Expect(400, field == null ? Set.of() : Set.of(field), false);
    }

    /** A 400 naming one of {@code fields} (several parameters at fault: any may be named). */
    static Expect badOneOf(Set<String> fields) {
      return new Expect(400, Set.copyOf(fields), false);
    }

    static Expect tooLarge(String field) {
      return new Expect(413, field == null ? Set.of() : Set.of(field), false);
    }

    /** Random bytes: nobody knows in advance, but the answer must still be 2xx or a JSON 4xx. */
    static Expect unknown() {
      return new Expect(-1, Set.of(), true);
    }

    boolean valid() {
      return status == 0;
    }

    Expect under(String prefix) {
      Set<String> prefixed = new HashSet<>();
      fields.forEach(f -> prefixed.add(prefix + f));
      return new Expect(status, prefixed, anyField);
    }
  }

  /** A body and what it must get; {@code userIds} are the users it would write to (none must be written if bad). */
  record Case(String what, byte[] body, Expect expect, List<String> userIds) {

    String text() {
      String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      return s.length() > 300 ? s.substring(0, 300) + "… (" + body.length + " bytes)" : s;
    }
  }

  /** A JSON tree that may hold raw JSON text at a placeholder (for NaN, 1e999, a control character, deep nesting). */
  private record Body(JsonNode tree, String rawPlaceholder, String raw) {

    byte[] bytes() {
      String text = Fuzz.write(tree);
      if (raw != null) {
        text = text.replace("\"" + rawPlaceholder + "\"", raw);
      }
      return Fuzz.utf8(text);
    }
  }

  private static final String RAW = "__raw_json_here__";
  static final int MAX_BODY = 1024 * 1024;
  static final int MAX_BULK_BODY = 32 * 1024 * 1024;

  private final Fuzz f;

  FuzzCases(Fuzz f) {
    this.f = f;
  }

  Fuzz fuzz() {
    return f;
  }

  // --- events ---------------------------------------------------------------------------------------------------

  ObjectNode validEvent(String userId) {
    ObjectNode e = NODES.objectNode();
    String type = f.oneOf(Fuzz.TYPES);
    e.put("userId", userId).put("itemId", f.validId()).put("type", type);
    if (type.equals("rate")) {
      e.put("value", f.chance(0.5) ? f.between(1, 10) / 2.0 : f.uniform(0.5, 5.0));
    } else if (f.chance(0.3)) {
      e.put("value", f.uniform(-1e6, 1e6));
    }
    if (f.chance(0.7)) {
      e.put("eventId", f.chance(0.3) ? f.validId() : "e-" + Long.toHexString(f.nextLong()));
    }
    if (f.chance(0.6)) {
      long max = Instant.now().getEpochSecond();
      Instant t =
          f.chance(0.8) ? Instant.now().minusSeconds(f.between(0, 86_400 * 30)) : Instant.ofEpochSecond(f.between(0,
              (int) Math.min(Integer.MAX_VALUE, max)));
      e.put("timestamp", t.toString());
    }
    if (f.chance(0.6)) {
      ObjectNode context = e.putObject("context");
      for (int i = f.chance(0.1) ? 32 : f.between(0, 5); i > 0; i--) {
        String key = f.word(1, f.chance(0.1) ? 64 : 10);
        switch (f.between(0, 3)) {
          case 0 -> context.put(key, f.between(-100, 100));
          case 1 -> context.put(key, f.chance(0.5));
          default -> context.put(key, f.text(0, f.chance(0.1) ? 256 : 20));
        }
      }
    }
    if (f.chance(0.2)) {
      e.set("x-" + f.text(0, 8), f.value(4)); // unknown fields are ignored
    }
    return e;
  }

  /** A single event for {@code POST /v1/events} or a WebSocket frame. */
  Case event() {
    String userId = f.freshId("fz-");
    ObjectNode e = validEvent(userId);
    if (f.chance(0.3)) {
      return new Case("valid event", new Body(e, null, null).bytes(), Expect.ok(), List.of(userId));
    }
    return broken(e, List.of(userId), this::breakEvent);
  }

  /** Breaks one field of a valid event; the answer names it (relative to the event). */
  private Broken breakEvent(ObjectNode e) {
    String type = e.get("type").asText();
    switch (f.between(0, 16)) {
      case 0 -> {
        String field = f.oneOf(List.of("userId", "itemId", "eventId"));
        e.put(field, f.invalidId());
        return new Broken("id out of pattern: " + field, Expect.bad(field));
      }
      case 1 -> {
        String field = f.oneOf(List.of("userId", "itemId"));
        if (f.chance(0.5)) {
          e.remove(field);
        } else {
          e.putNull(field);
        }
        return new Broken("missing " + field, Expect.bad(field));
      }
      case 2 -> {
        String field = f.oneOf(List.of("userId", "itemId", "eventId", "type", "timestamp"));
        e.set(field, f.notAString());
        return new Broken("not a string: " + field, Expect.bad(field));
      }
      case 3 -> {
        e.put("type", f.chance(0.5) ? f.text(0, 12) + "?" : type.toUpperCase() + "x");
        return new Broken("unknown type", Expect.bad("type"));
      }
      case 4 -> {
        e.put("type", "rate");
        if (f.chance(0.5)) {
          e.remove("value");
        } else {
          e.put("value", f.chance(0.5) ? f.uniform(5.0001, 1e9) : f.uniform(-1e9, 0.4999));
        }
        return new Broken("rate without a value in 0.5..5", Expect.bad("value"));
      }
      case 5 -> {
        e.put("value", f.text(0, 5));
        return new Broken("value not a number", Expect.bad("value"));
      }
      case 6 -> {
        String where = nonFiniteTarget(e);
        return new Broken("1e999 in " + where, Expect.bad(where)).raw(f.oneOf(List.of("1e999", "-1e999", "1E400")));
      }
      case 7 -> {
        String field = f.oneOf(List.of("value", "x-nan"));
        e.put(field, RAW);
        return new Broken("NaN literal", Expect.bad(null)).raw(f.oneOf(List.of("NaN", "Infinity", "-Infinity")));
      }
      case 8 -> {
        Instant now = Instant.now();
        Instant bad =
            switch (f.between(0, 2)) {
              case 0 -> now.plus(Duration.ofMinutes(f.between(10, 100_000)));
              case 1 -> Instant.EPOCH.minusSeconds(f.between(1, 1_000_000_000));
              default -> null;
            };
        e.put("timestamp", bad == null ? f.oneOf(List.of("yesterday", "2026-13-01T00:00:00Z", "", "1700000000"))
            : bad.toString());
        return new Broken("timestamp out of range or form", Expect.bad("timestamp"));
      }
      case 9 -> {
        e.set("context", f.notAnObject());
        return new Broken("context not an object", Expect.bad("context"));
      }
      case 10 -> {
        ObjectNode context = e.putObject("context");
        for (int i = f.between(33, 60); i > 0; i--) {
          context.put("k" + i, "v");
        }
        return new Broken("more than 32 context entries", Expect.bad("context"));
      }
      case 11 -> {
        ObjectNode context = e.putObject("context");
        String key;
        String path;
        switch (f.between(0, 3)) {
          case 0 -> {
            key = f.textOf(f.between(65, 200));
            context.put(key, "v");
            path = "context." + key.substring(0, key.offsetByCodePoints(0, 64)) + "…";
          }
          case 1 -> {
            key = f.word(1, 10);
            context.put(key, f.textOf(f.between(257, 2000)));
            path = "context." + key;
          }
          case 2 -> {
            key = f.word(1, 10);
            context.set(key, f.chance(0.5) ? NODES.nullNode() : NODES.arrayNode().add(1));
            path = "context." + key;
          }
          default -> {
            key = f.chance(0.5) ? "" : " ";
            context.put(key, "v");
            path = "context." + key;
          }
        }
        return new Broken("bad context entry", Expect.bad(path));
      }
      case 12 -> {
        String field = f.oneOf(List.of("userId", "itemId", "type"));
        return new Broken("duplicate key " + field, Expect.bad(field)).duplicate(field);
      }
      case 13 -> {
        String field = f.oneOf(List.of("userId", "x-text"));
        e.put(field, RAW);
        return new Broken("lone surrogate in " + field, Expect.bad(field)).raw("\"a\\ud800b\"");
      }
      case 14 -> {
        int depth = f.between(1, 60);
        e.put("x-deep", RAW);
        // The event object is depth 1 (of a body; a batch adds 2): valid while 1 + depth <= 32.
        return new Broken("nested " + depth + " deep", null).raw("[".repeat(depth) + "]".repeat(depth)).depth(depth);
      }
      case 15 -> {
        e.put("x-ctl", RAW);
        return new Broken("unescaped control character", Expect.bad(null))
            .raw("\"a" + (char) f.between(0, 0x1f) + "b\"");
      }
      default -> {
        e.put("x-big", f.textOf(f.chance(0.1) ? MAX_BODY + 10 : f.between(1000, 100_000)));
        return new Broken("large unknown field", null).size();
      }
    }
  }

  /** Where a non-finite number goes (the placeholder is put there) and its path. */
  private String nonFiniteTarget(ObjectNode e) {
    switch (f.between(0, 2)) {
      case 0 -> {
        e.put("value", RAW);
        return "value";
      }
      case 1 -> {
        e.putObject("context").put("score", RAW);
        return "context.score";
      }
      default -> {
        e.putObject("x-extra").putArray("a").add(RAW);
        return "x-extra.a[0]";
      }
    }
  }

  // --- batches --------------------------------------------------------------------------------------------------

  Case batch() {
    List<String> users = new ArrayList<>();
    for (int i = f.between(1, 3); i > 0; i--) {
      users.add(f.freshId("fzb-"));
    }
    ArrayNode events = NODES.arrayNode();
    int n = f.chance(0.05) ? f.between(1001, 1100) : f.between(0, 8);
    for (int i = 0; i < n; i++) {
      events.add(n > 1000 ? smallEvent(f.oneOf(users)) : validEvent(f.oneOf(users)));
    }
    ObjectNode body = NODES.objectNode();
    body.set("events", events);
    if (n > 1000) {
      return new Case(n + " events", new Body(body, null, null).bytes(), Expect.tooLarge("events"), users);
    }
    if (f.chance(0.3) || n == 0) {
      return new Case(n + " valid events", new Body(body, null, null).bytes(), Expect.ok(), users);
    }
    if (f.chance(0.15)) {
      if (f.chance(0.5)) {
        body.set("events", f.oneOf(List.of(NODES.objectNode(), NODES.textNode("[]"), NODES.numberNode(1))));
      } else {
        body.remove("events");
      }
      return new Case("events not an array", new Body(body, null, null).bytes(), Expect.bad("events"), users);
    }
    int at = f.between(0, n - 1);
    if (f.chance(0.1)) {
      events.set(at, f.notAnObject());
      return new Case("event " + at + " not an object", new Body(body, null, null).bytes(),
          Expect.bad("events[" + at + "]"), users);
    }
    Broken broken = breakEvent((ObjectNode) events.get(at));
    byte[] bytes = broken.apply(body, "events[" + at + "]");
    Expect expect = broken.expect(3, bytes, MAX_BULK_BODY).under("events[" + at + "].");
    return new Case("event " + at + ": " + broken.what(), bytes, expect, users);
  }

  private ObjectNode smallEvent(String userId) {
    return NODES.objectNode().put("userId", userId).put("itemId", "m-1").put("type", "view");
  }

  // --- items ----------------------------------------------------------------------------------------------------

  ObjectNode validItem() {
    ObjectNode item = NODES.objectNode();
    item.put("title", f.chance(0.05) ? f.textOf(1000) : f.word(1, 60));
    if (f.chance(0.7)) {
      item.put("description", f.chance(0.05) ? f.textOf(20_000) : f.text(0, 300));
    }
    if (f.chance(0.7)) {
      ArrayNode tags = item.putArray("tags");
      for (int i = f.chance(0.05) ? 100 : f.between(0, 6); i > 0; i--) {
        tags.add(f.chance(0.05) ? f.textOf(100) : f.word(1, 15));
      }
    }
    if (f.chance(0.6)) {
      ObjectNode attributes = item.putObject("attributes");
      for (int i = f.between(0, 5); i > 0; i--) {
        attributes.set("a" + i, f.value(3));
      }
      if (f.chance(0.2)) {
        attributes.put("lat", f.uniform(-90, 90)).put("lon", f.uniform(-180, 180));
      }
    }
    return item;
  }

  /** An item body for {@code PUT /v1/items/{id}}; its id is valid unless the case is about the id. */
  record ItemCase(String itemId, Case body) {}

  ItemCase item() {
    String itemId = f.freshId("fzi-");
    ObjectNode item = validItem();
    if (f.chance(0.3)) {
      return new ItemCase(itemId, new Case("valid item", new Body(item, null, null).bytes(), Expect.ok(), List.of()));
    }
    if (f.chance(0.1)) {
      return new ItemCase(
          f.invalidPathId(), new Case("item id out of pattern", new Body(item, null, null).bytes(),
              Expect.bad("itemId"), List.of()));
    }
    return new ItemCase(itemId, broken(item, List.of(), this::breakItem));
  }

  private Broken breakItem(ObjectNode item) {
    switch (f.between(0, 11)) {
      case 0 -> {
        switch (f.between(0, 3)) {
          case 0 -> item.remove("title");
          case 1 -> item.putNull("title");
          case 2 -> item.put("title", f.oneOf(List.of("", " ", "\t\n", "\u2003")));
          default -> item.set("title", f.notAString());
        }
        return new Broken("title missing, blank or not a string", Expect.bad("title"));
      }
      case 1 -> {
        item.put("title", f.textOf(f.between(1001, 5000)));
        return new Broken("title over 1000", Expect.bad("title"));
      }
      case 2 -> {
        if (f.chance(0.5)) {
          item.put("description", f.textOf(f.between(20_001, 40_000)));
        } else {
          item.set("description", f.notAString());
        }
        return new Broken("description over 20000 or not a string", Expect.bad("description"));
      }
      case 3 -> {
        item.set("tags", f.chance(0.5) ? NODES.textNode("crime") : NODES.objectNode());
        return new Broken("tags not an array", Expect.bad("tags"));
      }
      case 4 -> {
        ArrayNode tags = item.putArray("tags");
        for (int i = f.between(101, 200); i > 0; i--) {
          tags.add("t" + i);
        }
        return new Broken("more than 100 tags", Expect.bad("tags"));
      }
      case 5 -> {
        ArrayNode tags = item.putArray("tags");
        int n = f.between(1, 5);
        int bad = f.between(0, n - 1);
        for (int i = 0; i < n; i++) {
          if (i != bad) {
            tags.add("t" + i);
          } else if (f.chance(0.4)) {
            tags.add(f.textOf(f.between(101, 300)));
          } else if (f.chance(0.5)) {
            tags.add(f.oneOf(List.of("", "  ")));
          } else {
            tags.add(f.notAString());
          }
        }
        return new Broken("bad tag", Expect.bad("tags[" + bad + "]"));
      }
      case 6 -> {
        item.set("attributes", f.notAnObject());
        return new Broken("attributes not an object", Expect.bad("attributes"));
      }
      case 7 -> {
        item.putObject("attributes").putObject("a").put("b", RAW);
        return new Broken("1e999 in attributes", Expect.bad("attributes.a.b")).raw("1e999");
      }
      case 8 -> {
        int depth = f.between(1, 60);
        item.putObject("attributes").put("deep", RAW);
        // attributes is depth 2 of the item object: valid while 2 + depth <= 32.
        return new Broken("attributes nested " + depth, null).raw("[".repeat(depth) + "]".repeat(depth))
            .depth(depth + 1);
      }
      case 9 -> {
        return new Broken("duplicate key title", Expect.bad("title")).duplicate("title");
      }
      case 10 -> {
        item.put("title", RAW);
        return new Broken("lone surrogate in title", Expect.bad("title")).raw("\"x\\udc00\"");
      }
      default -> {
        item.put("x-big", f.textOf(f.chance(0.2) ? MAX_BODY + 10 : f.between(1000, 100_000)));
        return new Broken("large unknown field", null).size();
      }
    }
  }

  /** {@code POST /v1/items}: 0 to 5 items, one of them maybe broken. */
  Case bulk() {
    ArrayNode items = NODES.arrayNode();
    int n = f.between(0, 5);
    for (int i = 0; i < n; i++) {
      items.add(validItem().put("itemId", f.freshId("fzb-")));
    }
    ObjectNode body = NODES.objectNode();
    body.set("items", items);
    if (n == 0 || f.chance(0.3)) {
      return new Case(n + " valid items", new Body(body, null, null).bytes(), Expect.ok(), List.of());
    }
    int at = f.between(0, n - 1);
    ObjectNode item = (ObjectNode) items.get(at);
    if (f.chance(0.2)) {
      if (f.chance(0.5)) {
        item.remove("itemId");
      } else {
        item.put("itemId", f.invalidId());
      }
      return new Case("item " + at + " without a valid itemId", new Body(body, null, null).bytes(),
          Expect.bad("items[" + at + "].itemId"), List.of());
    }
    Broken broken = breakItem(item);
    byte[] bytes = broken.apply(body, "items[" + at + "]");
    Expect expect = broken.expect(3, bytes, MAX_BULK_BODY).under("items[" + at + "].");
    return new Case("item " + at + ": " + broken.what(), bytes, expect, List.of());
  }

  // --- query strings and path ids -------------------------------------------------------------------------------

  /**
   * A query string ({@code ?...}, or "") and the parameters in it that break the contract; the answer names one
   * of them. {@code ambiguous}: a parameter given twice, which a server may read either way.
   */
  record Query(String text, Set<String> bad, boolean ambiguous) {}

  /** {@code limit}, {@code includeSeen}, {@code exclude}, {@code context.*} and unknown parameters. */
  Query recommendationQuery() {
    for (int attempt = 0; attempt < 10; attempt++) {
      Query q = recommendationQuery(attempt < 5);
      if (q.text().length() <= 1500) { // under pekko.http.parsing.max-uri-length (2k) with the path
        return q;
      }
    }
    return new Query("?limit=5", Set.of(), false);
  }

  private Query recommendationQuery(boolean generous) {
    List<String[]> params = new ArrayList<>();
    Set<String> bad = new HashSet<>();
    if (f.chance(0.5)) {
      limit(params, bad);
    }
    if (f.chance(0.3)) {
      boolean ok = f.chance(0.6);
      params.add(new String[] {"includeSeen", ok ? f.oneOf(List.of("true", "false", "TRUE", "False", " true"))
          : f.oneOf(List.of("yes", "1", "", "truee", "null"))});
      if (!ok) {
        bad.add("includeSeen");
      }
    }
    if (f.chance(0.4)) {
      List<String> ids = new ArrayList<>();
      for (int i = f.between(0, 5); i > 0; i--) {
        ids.add(f.validId());
      }
      if (f.chance(0.4)) {
        ids.add(f.between(0, ids.size()), f.invalidListedId());
        bad.add("exclude");
      }
      String sep = f.oneOf(List.of(",", ", ", ",,"));
      params.add(new String[] {"exclude", String.join(sep, ids)});
    }
    int contextEntries = f.chance(0.05) ? f.between(33, 36) : f.between(0, generous ? 4 : 1);
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < contextEntries; i++) {
      String key = contextEntries > 32 ? "k" + i : f.word(1, 8);
      String value = contextEntries > 32 ? "v" : f.text(0, generous ? 30 : 5);
      switch (contextEntries > 32 ? 9 : f.between(0, 9)) {
        case 0 -> {
          key = "k" + f.textOf(f.between(65, 80)).substring(1);
          bad.add("context." + key.substring(0, key.offsetByCodePoints(0, 64)) + "…");
        }
        case 1 -> {
          value = f.textOf(f.between(257, 300));
          bad.add("context." + key);
        }
        case 2 -> {
          key = "";
          bad.add("context.");
        }
        default -> {
          // a valid entry
        }
      }
      keys.add(key);
      params.add(new String[] {"context." + key, value});
    }
    if (contextEntries > 32) {
      bad.add("context");
    }
    if (f.chance(0.3)) {
      params.add(new String[] {"zz-" + f.text(0, 6), f.text(0, 10)}); // unknown: ignored
    }
    boolean ambiguous = keys.size() < contextEntries;
    return new Query(encode(params), bad, ambiguous);
  }

  /** {@code limit} alone (similar items). */
  Query limitQuery() {
    List<String[]> params = new ArrayList<>();
    Set<String> bad = new HashSet<>();
    if (f.chance(0.7)) {
      limit(params, bad);
    }
    return new Query(encode(params), bad, false);
  }

  private void limit(List<String[]> params, Set<String> bad) {
    if (f.chance(0.6)) {
      params.add(new String[] {"limit", (f.chance(0.1) ? " " : "") + f.between(1, 100)});
    } else {
      params.add(new String[] {"limit", f.oneOf(List.of("0", "101", "-1", "ten", "1e3", "", "99999999999", "1.5",
          "0x10", "٣"))});
      bad.add("limit");
    }
  }

  /** A path id: valid most of the time. */
  String pathId() {
    return f.chance(0.75) ? f.validId() : f.invalidPathId();
  }

  /** Every byte of its UTF-8 percent-encoded but the unreserved characters ('.' too: no dot segments). */
  static String segment(String id) {
    StringBuilder sb = new StringBuilder();
    for (byte b : Fuzz.utf8(id)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }

  private static String encode(List<String[]> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("?");
    for (String[] p : params) {
      if (sb.length() > 1) {
        sb.append('&');
      }
      sb.append(segment(p[0])).append('=').append(segment(p[1]));
    }
    return sb.toString();
  }

  // --- shared ---------------------------------------------------------------------------------------------------

  /**
   * How a valid body was broken: the expected answer, or how to work it out (nesting depth, size), and a raw
   * fragment or a duplicated key to write into the text.
   */
  private record Broken(String what, Expect known, String raw, String duplicateKey, int depth, boolean sized) {

    Broken(String what, Expect known) {
      this(what, known, null, null, 0, false);
    }

    Broken raw(String fragment) {
      return new Broken(what, known, fragment, duplicateKey, depth, sized);
    }

    Broken duplicate(String key) {
      return new Broken(what, known, raw, key, depth, sized);
    }

    Broken depth(int d) {
      return new Broken(what, known, raw, duplicateKey, d, sized);
    }

    Broken size() {
      return new Broken(what, known, raw, duplicateKey, depth, true);
    }

    /** The answer, for an object at {@code level} (1 = the body) of a body limited to {@code maxBody} bytes. */
    Expect expect(int level, byte[] body, long maxBody) {
      if (body.length > maxBody) {
        return Expect.tooLarge(null);
      }
      if (depth > 0) {
        return level + depth <= 32 ? Expect.ok() : Expect.bad(null);
      }
      return sized ? Expect.ok() : known;
    }

    /** The whole body's bytes, with the broken object at {@code path} ("" = the body itself). */
    byte[] apply(JsonNode body, String path) {
      byte[] bytes = new Body(body, RAW, raw).bytes();
      if (duplicateKey != null) {
        // A second copy of the key, first in its object: {"userId": "x", ... "userId": ...}.
        bytes = duplicateFirstKey(bytes, body, path, duplicateKey);
      }
      return bytes;
    }
  }

  /** Most often one field broken; otherwise the text of the valid body damaged. */
  private Case broken(ObjectNode valid, List<String> users, Function<ObjectNode, Broken> breaker) {
    if (f.chance(0.7)) {
      Broken broken = breaker.apply(valid);
      byte[] bytes = broken.apply(valid, "");
      return new Case(broken.what(), bytes, broken.expect(1, bytes, MAX_BODY), users);
    }
    byte[] bytes = new Body(valid, null, null).bytes();
    switch (f.between(0, 3)) {
      case 0 -> {
        return new Case("truncated", java.util.Arrays.copyOf(bytes, f.between(0, bytes.length - 1)),
            Expect.bad(null), users);
      }
      case 1 -> {
        return new Case("invalid UTF-8 byte", insertByte(bytes), Expect.bad(null), users);
      }
      case 2 -> {
        byte[] tail = Fuzz.utf8(f.oneOf(List.of(" x", "{}", ",", " 1", "]")));
        return new Case("garbage after the object", concat(bytes, tail), Expect.bad(null), users);
      }
      default -> {
        JsonNode wrapped = f.chance(0.5) ? NODES.arrayNode().add(valid) : f.notAnObject();
        return new Case("body not an object", Fuzz.utf8(Fuzz.write(wrapped)), Expect.bad(null), users);
      }
    }
  }

  /** A byte of 0x80..0xFF before an ASCII byte: never valid UTF-8 there. */
  private byte[] insertByte(byte[] bytes) {
    List<Integer> ascii = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] >= 0) {
        ascii.add(i);
      }
    }
    int at = ascii.isEmpty() ? bytes.length : f.oneOf(ascii);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 1);
    out.write(bytes, 0, at);
    out.write(f.between(0x80, 0xff));
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /**
   * The body with {@code "key": <its value>} written a second time at the start of the object at {@code path}.
   * Done on the tree by a marker key, then the marker renamed in the text: the written JSON keeps both.
   */
  private static byte[] duplicateFirstKey(byte[] bytes, JsonNode body, String path, String key) {
    JsonNode target = path.isEmpty() ? body : at(body, path);
    ObjectNode object = (ObjectNode) target;
    JsonNode value = object.get(key) == null ? NODES.textNode("x") : object.get(key);
    String marker = "__dup_marker__";
    ObjectNode copy = NODES.objectNode();
    copy.set(marker, value);
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      copy.set(name, object.get(name));
    }
    if (!object.has(key)) {
      copy.set(key, value);
    }
    object.removeAll();
    object.setAll(copy);
    String text = Fuzz.write(body).replace("\"" + marker + "\"", "\"" + key + "\"");
    return Fuzz.utf8(text);
  }

  /** The node at {@code events[3]} / {@code items[0]}. */
  private static JsonNode at(JsonNode body, String path) {
    int open = path.indexOf('[');
    String field = path.substring(0, open);
    int index = Integer.parseInt(path.substring(open + 1, path.indexOf(']')));
    return body.get(field).get(index);
  }
}
