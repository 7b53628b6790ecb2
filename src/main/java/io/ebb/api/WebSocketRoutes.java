package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.auth.Credentials;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;

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
                        path("events", () -> get(() -> socket(events.flow()))),
                        pathPrefix(
                            "users",
                            () ->
                                userSegment(
                                    userId ->
                                        path("recommendations", () -> get(() -> recommendations(userId))))))));
  }

  private Route recommendations(String userId) {
    return params.limit(
        limit ->
            parameterMap(
                query ->
                    socket(recommendations.flow(userId, RecommendQuery.of(limit, query)))));
  }

  /**
   * Accepts the upgrade, echoing the subprotocol {@code bearer.<key>} when the client offered one: browsers carry
   * their key so (they cannot set headers on a socket), and drop a socket that does not echo it.
   */
  private <T> Route socket(Flow<Message, Message, T> flow) {
    return extractOfferedWsProtocols(
        offered -> handleWebSocketMessagesForOptionalProtocol(flow, Credentials.bearerSubprotocol(offered)));
  }
}
