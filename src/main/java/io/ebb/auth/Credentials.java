package io.ebb.auth;

import java.util.List;
import java.util.Optional;

/**
 * Where a request carries its key: {@code Authorization: Bearer <key>}, or, since browsers cannot set headers on a
 * WebSocket, the subprotocol {@code bearer.<key>} ({@code Sec-WebSocket-Protocol}).
 */
public final class Credentials {

  public static final String SUBPROTOCOL_PREFIX = "bearer.";
  private static final String BEARER = "bearer ";

  private Credentials() {}

  /** The key of a request: its Authorization header's, else its first {@code bearer.} subprotocol's. */
  public static Optional<String> presented(Optional<String> authorization, List<String> offeredProtocols) {
    return authorization
        .flatMap(Credentials::fromAuthorization)
        .or(() -> bearerSubprotocol(offeredProtocols).map(p -> p.substring(SUBPROTOCOL_PREFIX.length())));
  }

  /**
   * The subprotocol that carries the key among those a WebSocket client offers: the one the socket accepts and
   * echoes (a browser drops a socket whose server does not echo one of the protocols it offered).
   */
  public static Optional<String> bearerSubprotocol(List<String> offered) {
    return offered.stream()
        .map(String::strip)
        .filter(p -> p.length() > SUBPROTOCOL_PREFIX.length() && p.startsWith(SUBPROTOCOL_PREFIX))
        .findFirst();
  }

  private static Optional<String> fromAuthorization(String header) {
    String value = header.strip();
    if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String key = value.substring(BEARER.length()).strip();
    return key.isEmpty() ? Optional.empty() : Optional.of(key);
  }
}
