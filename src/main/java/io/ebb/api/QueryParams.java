package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.rank.RecommendSettings;
import java.util.function.IntFunction;
import org.apache.pekko.http.javadsl.server.Route;

/** Query parameters shared by several routes, checked with the same 400 as body fields. */
final class QueryParams extends JsonSupport {

  private final RecommendSettings settings;

  QueryParams(ObjectMapper json, RecommendSettings settings) {
    super(json);
    this.settings = settings;
  }

  /** {@code limit}: 1..max-limit, default default-limit. */
  Route limit(IntFunction<Route> inner) {
    return parameterOptional(
        "limit",
        raw -> {
          int limit = settings.defaultLimit();
          if (raw.isPresent()) {
            limit = asciiInteger(raw.get().trim());
            if (limit < 1 || limit > settings.maxLimit()) {
              return complete(
                  error(ApiException.invalid("limit", "limit must be an integer from 1 to " + settings.maxLimit())));
            }
          }
          return inner.apply(limit);
        });
  }

  /** {@code context.tz}, checked as a context entry (a 400 naming it when it names no zone), or null. */
  static String zone(java.util.Map<String, String> query) {
    String tz = query.get("context.tz");
    if (tz != null) {
      Fields.checkContextEntry("context.tz", "tz", tz);
    }
    return tz;
  }

  /** Digits 0-9 only (Integer.parseInt also takes "+5" and other scripts' digits); -1 for anything else. */
  private static int asciiInteger(String raw) {
    if (raw.isEmpty() || raw.length() > 9) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
