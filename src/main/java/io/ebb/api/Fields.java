package io.ebb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.interest.TimeBuckets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the fields of a JSON request body, naming the offending field's path (e.g. {@code
 * events[3].type}) in the 400 it raises.
 */
final class Fields {

  // The limits of API.md (Limits on input). They are the contract, not settings: a client that checks its input
  // against the documented limits must be able to rely on every node accepting it.
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_CONTEXT_ENTRIES = 32;
  static final int MAX_CONTEXT_KEY = 64;
  static final int MAX_CONTEXT_VALUE = 256;

  private final JsonNode node;
  private final String prefix;

  Fields(JsonNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
    if (node == null || !node.isObject()) {
      String where = prefix.isEmpty() ? "the request body" : prefix.substring(0, prefix.length() - 1);
      throw ApiException.invalid(prefix.isEmpty() ? null : where, where + " must be a JSON object");
    }
  }

  String path(String field) {
    return prefix + field;
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  String requiredId(String field) {
    String value = optionalString(field);
    if (value == null) {
      throw ApiException.invalid(path(field), field + " is required");
    }
    return checkId(path(field), value);
  }

  String optionalId(String field) {
    String value = optionalString(field);
    return value == null ? null : checkId(path(field), value);
  }

  /**
   * True for 1 to 128 characters from {@code [A-Za-z0-9._:@-]}. A loop, not a regex: it runs on every id of every
   * event, and the matcher was 5 % of the ingestion profile.
   */
  static boolean isId(String value) {
    int n = value.length();
    if (n == 0 || n > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String checkId(String path, String value) {
    if (!isId(value)) {
      throw ApiException.invalid(
          path, path + " must be 1 to 128 characters from [A-Za-z0-9._:@-], got \"" + clip(value, 40) + "\"");
    }
    return value;
  }

  String requiredText(String field, int maxLength) {
    String value = optionalText(field, maxLength);
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(path(field), field + " is required and must not be blank");
    }
    return value;
  }

  String optionalText(String field, int maxLength) {
    String value = optionalString(field);
    if (value != null && longerThan(value, maxLength)) {
      throw ApiException.invalid(path(field), field + " is longer than " + maxLength + " characters");
    }
    return value;
  }

  /** Characters are code points: an emoji counts once, as a client counts it. */
  static boolean longerThan(String value, int maxLength) {
    return value.length() > maxLength && value.codePointCount(0, value.length()) > maxLength;
  }

  String optionalString(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.invalid(path(field), field + " must be a string");
    }
    return v.asText();
  }

  Double optionalNumber(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw ApiException.invalid(path(field), field + " must be a finite number");
    }
    return v.asDouble();
  }

  Instant optionalInstant(String field) {
    String value = optionalString(field);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          path(field),
          field + " must be an ISO-8601 instant such as 2026-11-27T10:15:30Z, got \"" + clip(value, 40) + "\"");
    }
  }

  List<String> optionalStrings(String field, int maxCount, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiException.invalid(path(field), field + " must be an array of strings");
    }
    if (v.size() > maxCount) {
      throw ApiException.invalid(path(field), field + " has more than " + maxCount + " entries");
    }
    List<String> result = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String p = path(field) + "[" + i + "]";
      if (!e.isTextual() || e.asText().isBlank()) {
        throw ApiException.invalid(p, p + " must be a non-blank string");
      }
      if (longerThan(e.asText(), maxLength)) {
        throw ApiException.invalid(p, p + " is longer than " + maxLength + " characters");
      }
      result.add(e.asText().strip());
    }
    return result;
  }

  /** A flat object of scalar values (strings, numbers, booleans), as context of an event. */
  Map<String, String> optionalScalars(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw ApiException.invalid(path(field), field + " must be an object");
    }
    if (v.size() > MAX_CONTEXT_ENTRIES) {
      throw ApiException.invalid(path(field), field + " has more than " + MAX_CONTEXT_ENTRIES + " entries");
    }
    Map<String, String> result = new LinkedHashMap<>();
    v.fields()
        .forEachRemaining(
            e -> {
              String p = RequestJson.child(path(field), e.getKey());
              JsonNode value = e.getValue();
              if (!value.isValueNode() || value.isNull()) {
                throw ApiException.invalid(p, p + " must be a string, number or boolean");
              }
              checkContextEntry(p, e.getKey(), value.asText());
              result.put(e.getKey(), value.asText());
            });
    return result;
  }

  /**
   * One context entry, of an event body or a recommendation query ({@code context.<key>=<value>}): a key of 1 to
   * 64 characters, a value of at most 256; a {@code tz} must name a zone (the time context reads it). {@code path}
   * names it in the 400.
   */
  static void checkContextEntry(String path, String key, String value) {
    if (key.isBlank()) {
      throw ApiException.invalid(path, "a context key must not be empty");
    }
    if (longerThan(key, MAX_CONTEXT_KEY)) {
      throw ApiException.invalid(path, "context keys are at most " + MAX_CONTEXT_KEY + " characters");
    }
    if (longerThan(value, MAX_CONTEXT_VALUE)) {
      throw ApiException.invalid(path, path + " is longer than " + MAX_CONTEXT_VALUE + " characters");
    }
    if (key.equals("tz") && TimeBuckets.zoneOf(value) == null) {
      throw ApiException.invalid(path, path + " must name a time zone: an IANA id such as America/New_York or an"
          + " offset such as -04:00");
    }
  }

  JsonNode optionalObject(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiException.invalid(path(field), field + " must be an object");
    }
    return v;
  }

  JsonNode requiredArray(String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray()) {
      throw ApiException.invalid(path(field), field + " must be an array");
    }
    return v;
  }

  /** At most {@code max} characters (code points) of {@code s}, for a message or a field path. */
  static String clip(String s, int max) {
    if (!longerThan(s, max)) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max)) + "…";
  }
}
