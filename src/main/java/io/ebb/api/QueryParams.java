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
            try {
              limit = Integer.parseInt(raw.get().trim());
            } catch (NumberFormatException e) {
              limit = -1;
            }
            if (limit < 1 || limit > settings.maxLimit()) {
              return complete(
                  error(ApiException.invalid("limit", "limit must be an integer from 1 to " + settings.maxLimit())));
            }
          }
          return inner.apply(limit);
        });
  }
}
