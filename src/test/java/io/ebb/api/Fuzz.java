package io.ebb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random values for the API fuzz suite, from one seed: valid ids, text of every kind of Unicode (emoji, CJK,
 * combining marks, control characters, right-to-left), JSON values, and the bad things a client may send instead.
 */
final class Fuzz {

  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-";
  static final List<String> TYPES =
      List.of("view", "click", "like", "dislike", "add_to_cart", "purchase", "rate", "share", "skip");

  /** Code points to draw text from: each range stands for a kind of character a client may send. */
  private static final int[][] TEXT_RANGES = {
    {0x20, 0x7e}, // ASCII
    {0x20, 0x7e},
    {0x00, 0x1f}, // control characters (JSON escapes them)
    {0xa0, 0x17f}, // Latin-1 and Latin Extended
    {0x300, 0x36f}, // combining marks
    {0x590, 0x6ff}, // Hebrew, Arabic
    {0x4e00, 0x4fff}, // CJK
    {0xfeff, 0xfeff}, // byte order mark
    {0xfff0, 0xfffd}, // specials, replacement character
    {0x1f300, 0x1f6ff}, // emoji (surrogate pairs in Java strings)
    {0x10000, 0x1007f}, // Linear B
  };

  private final SplittableRandom random;

  Fuzz(long seed) {
    this.random = new SplittableRandom(seed);
  }

  int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  double uniform(double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  long nextLong() {
    return random.nextLong();
  }

  /** A valid id with a recognisable prefix (unique enough per run: 8 random id characters). */
  String freshId(String prefix) {
    return prefix + idChars(8);
  }

  /** 1 to 128 characters from the id alphabet. */
  String validId() {
    return idChars(chance(0.1) ? between(100, 128) : between(1, 20));
  }

  private String idChars(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return sb.toString();
  }

  /** A string that is not an id: empty, too long, or with a character outside the alphabet. */
  String invalidId() {
    return switch (random.nextInt(4)) {
      case 0 -> "";
      case 1 -> idChars(between(129, 400));
      default -> {
        String id = validId();
        int at = random.nextInt(id.length() + 1);
        String bad =
            oneOf(List.of(" ", "/", "%", "+", "#", "?", "&", "é", "ü", "😀", "\u0000", "\n", "\u200b", "１"));
        yield (id.substring(0, at) + bad + id.substring(at));
      }
    };
  }

  /** Not an id, and not empty (an empty path segment is another route): for ids in paths. */
  String invalidPathId() {
    String id = invalidId();
    return id.isEmpty() ? "%" : id;
  }

  /**
   * Not an id once trimmed, without a comma: for a member of {@code exclude=a,b}, which is split at commas and
   * trimmed.
   */
  String invalidListedId() {
    if (chance(0.3)) {
      return idChars(between(129, 300));
    }
    return idChars(between(1, 10)) + oneOf(List.of(" ", "/", "%", "+", "#", "é", "😀", "\u200b", "１", "&", "="))
        + idChars(between(1, 10));
  }

  /** Text of {@code min} to {@code max} code points, well-formed Unicode. */
  String text(int min, int max) {
    int n = between(min, max);
    StringBuilder sb = new StringBuilder(n);
    int[] range = TEXT_RANGES[random.nextInt(TEXT_RANGES.length)];
    for (int i = 0; i < n; i++) {
      if (chance(0.2)) {
        range = TEXT_RANGES[random.nextInt(TEXT_RANGES.length)];
      }
      sb.appendCodePoint(between(range[0], range[1]));
    }
    return sb.toString();
  }

  /** Text that is not blank once stripped: it starts with a letter. */
  String word(int min, int max) {
    return "w" + text(Math.max(0, min - 1), Math.max(0, max - 1));
  }

  /** Text with {@code n} code points exactly, most of them ASCII (cheap to send). */
  String textOf(int n) {
    StringBuilder sb = new StringBuilder(n + 8);
    sb.append('w');
    for (int i = 1; i < n; i++) {
      sb.appendCodePoint(chance(0.05) ? 0x1f600 + random.nextInt(50) : 'a' + random.nextInt(26));
    }
    return sb.toString();
  }

  /** A JSON value up to {@code depth} levels deep, every number finite. */
  JsonNode value(int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(chance(0.5));
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(uniform(-1e300, 1e300) * (chance(0.5) ? 1e-300 : 1));
      case 4, 5 -> NODES.textNode(text(0, 40));
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = between(0, 4); i > 0; i--) {
          array.add(value(depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = between(0, 4); i > 0; i--) {
          object.set(text(0, 10), value(depth - 1));
        }
        yield object;
      }
    };
  }

  /** A JSON value that is not a string (for a field that must be one). */
  JsonNode notAString() {
    return switch (random.nextInt(5)) {
      case 0 -> NODES.numberNode(random.nextInt());
      case 1 -> NODES.booleanNode(chance(0.5));
      case 2 -> NODES.arrayNode().add(text(1, 5));
      case 3 -> NODES.objectNode().put("a", text(1, 5));
      default -> NODES.numberNode(uniform(-10, 10));
    };
  }

  /** A JSON value that is not an object (for a field or body that must be one). */
  JsonNode notAnObject() {
    return switch (random.nextInt(4)) {
      case 0 -> NODES.arrayNode().add(NODES.objectNode());
      case 1 -> NODES.textNode(text(0, 10));
      case 2 -> NODES.numberNode(random.nextInt());
      default -> NODES.booleanNode(true);
    };
  }

  /** Random bytes: often ASCII-ish JSON punctuation, sometimes anything (invalid UTF-8 included). */
  byte[] bytes(int max) {
    byte[] b = new byte[between(0, max)];
    String punctuation = "{}[]\":,0123456789.eE+-tfnulrsa \\\t\n";
    boolean anything = chance(0.5);
    for (int i = 0; i < b.length; i++) {
      b[i] = anything ? (byte) random.nextInt(256) : (byte) punctuation.charAt(random.nextInt(punctuation.length()));
    }
    return b;
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
