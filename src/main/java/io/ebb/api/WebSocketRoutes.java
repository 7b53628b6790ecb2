package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** The WebSocket endpoints: {@code GET /ws/v1/events} and {@code GET /ws/v1/users/{userId}/recommendations}. */
final class WebSocketRoutes extends JsonSupport {

  private final EventSocket events;
  private final RecommendationSocket recommendations;
  private final QueryParams params;

  WebSocketRoutes(ObjectMapper json, EventSocket events, RecommendationSocket recommendations, QueryParams params) {
    super(json);
    this.events = events;
    this.recommendations = recommendations;
    this.params = params;
  }

  Route route() {
    return pathPrefix(
        "ws",
        () ->
            pathPrefix(
                "v1",
                () ->
                    concat(
                        path("events", () -> get(() -> handleWebSocketMessages(events.flow()))),
                        pathPrefix(
                            "users",
                            () ->
                                pathPrefix(
                                    PathMatchers.segment(),
                                    userId ->
                                        path("recommendations", () -> get(() -> recommendations(userId))))))));
  }

  private Route recommendations(String userId) {
    if (!Fields.isId(userId)) {
      return complete(
          error(ApiException.invalid("userId", "userId must be 1 to 128 characters from [A-Za-z0-9._:@-]")));
    }
    return params.limit(
        limit ->
            parameterMap(
                query ->
                    handleWebSocketMessages(recommendations.flow(userId, RecommendQuery.of(limit, query)))));
  }
}
