package io.ebb.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON of request bodies and WebSocket frames, stricter than the mapper that reads Ebb's own data: at
 * most {@link #MAX_DEPTH} deep, no key twice in an object, nothing after the value, every number finite and every
 * string well-formed Unicode. A client's document is untrusted: depth bounds the parser's stack, a repeated key is
 * read differently by different parsers (a proxy may have checked the other one), and {@code 1e999} parses as
 * Infinity, which no score or attribute should hold. Every fault is a 400; a value at fault is named by its path.
 */
final class RequestJson {

  /** The contract's nesting limit (API.md, Limits on input): the root object is depth 1. */
  static final int MAX_DEPTH = 32;

  /** Keys longer than this are cut in the field paths of error answers. */
  private static final int MAX_KEY_IN_PATH = 64;

  private final ObjectReader reader;

  RequestJson(ObjectMapper json) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    this.reader =
        json.reader()
            .with(factory)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The document in {@code body} (UTF-8); an empty body is a 400 too. */
  JsonNode read(byte[] body) {
    try {
      return checked(reader.readTree(body));
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  /** The document of a WebSocket text frame. */
  JsonNode read(String frame) {
    try {
      return checked(reader.readTree(frame));
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  private static JsonNode checked(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      throw ApiException.invalid(null, "the request body is empty");
    }
    Fault fault = firstFault(node, "");
    if (fault != null) {
      throw ApiException.invalid(fault.path().isEmpty() ? null : fault.path(), fault.message());
    }
    return node;
  }

  private static ApiException unreadable(Exception e) {
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof StreamConstraintsException) {
      return ApiException.invalid(null, "the JSON is nested or sized beyond the limits: " + firstLine(e.getMessage()));
    }
    String message = firstLine(e.getMessage());
    if (message.startsWith("Duplicate field") && e instanceof JsonProcessingException p
        && p.getProcessor() instanceof JsonParser parser) {
      String field = path(parser.getParsingContext());
      return ApiException.invalid(field, field + " appears twice in one object");
    }
    return ApiException.invalid(null, "malformed JSON: " + message);
  }

  private record Fault(String path, String message) {}

  /** Depth is at most {@link #MAX_DEPTH} here (the parser saw to it), so recursion is safe. */
  private static Fault firstFault(JsonNode node, String path) {
    if (node.isNumber()) {
      return Double.isFinite(node.asDouble()) ? null : new Fault(path, name(path) + " must be a finite number");
    }
    if (node.isTextual()) {
      return wellFormed(node.textValue()) ? null : new Fault(path, name(path) + " must be well-formed Unicode text");
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Fault fault = firstFault(node.get(i), path + "[" + i + "]");
        if (fault != null) {
          return fault;
        }
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!wellFormed(field.getKey())) {
          return new Fault(path, "a key of " + name(path) + " is not well-formed Unicode text");
        }
        Fault fault = firstFault(field.getValue(), child(path, field.getKey()));
        if (fault != null) {
          return fault;
        }
      }
    }
    return null;
  }

  /** The dotted path of a field in an object at {@code path} ({@code ""}: the root), its key cut if long. */
  static String child(String path, String key) {
    String k = Fields.clip(key, MAX_KEY_IN_PATH);
    return path.isEmpty() ? k : path + "." + k;
  }

  /** True unless {@code s} holds half of a surrogate pair (a JSON {@code \ud800} escape, or such bytes). */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** The path Jackson was at, in the notation of error answers: {@code events[3].context.device}. */
  private static String path(JsonStreamContext context) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(0, c);
    }
    String path = "";
    for (JsonStreamContext c : chain) {
      if (c.inArray()) {
        path = path + "[" + Math.max(0, c.getCurrentIndex()) + "]";
      } else if (c.getCurrentName() != null) {
        path = child(path, c.getCurrentName());
      }
    }
    return path;
  }

  private static String name(String path) {
    return path.isEmpty() ? "the request body" : path;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
