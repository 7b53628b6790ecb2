package io.ebb.bench;

/**
 * Reads the one or two fields a benchmark needs from the service's small, flat answers without a JSON parser:
 * {@code "accepted":2} of a batch, {@code "eventId":"…"} and {@code "error":"…"} of a WebSocket answer. The
 * service writes them with Jackson, without spaces, which is all these look for.
 */
final class Json {

  private Json() {}

  /** The string value of {@code "name":"…"}, or null when absent or not a string (ids and codes hold no escapes). */
  static String textField(String json, String name) {
    String key = "\"" + name + "\":\"";
    int at = json.indexOf(key);
    if (at < 0) {
      return null;
    }
    int from = at + key.length();
    int to = json.indexOf('"', from);
    return to < 0 ? null : json.substring(from, to);
  }

  /** The integer value of {@code "name":123}, or {@code fallback}. */
  static long longField(String json, String name, long fallback) {
    String key = "\"" + name + "\":";
    int at = json.indexOf(key);
    if (at < 0) {
      return fallback;
    }
    int i = at + key.length();
    long value = 0;
    int digits = 0;
    while (i < json.length() && Character.isDigit(json.charAt(i))) {
      value = value * 10 + (json.charAt(i++) - '0');
      digits++;
    }
    return digits == 0 ? fallback : value;
  }

  static boolean isTrue(String json, String name) {
    return json.contains("\"" + name + "\":true");
  }
}
