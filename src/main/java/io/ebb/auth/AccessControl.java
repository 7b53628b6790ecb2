package io.ebb.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The access check of every request once keys are configured: the scope the endpoint needs ({@link Endpoints}),
 * the key the request carries ({@link Credentials}, {@link ApiKeys}), and that key's rate ({@link RateLimiter}).
 * Free of HTTP types: the routes ask with the method, the path and two headers, and map the answer.
 */
public final class AccessControl {

  private final ApiKeys keys;
  private final RateLimiter limiter;

  AccessControl(ApiKeys keys, RateLimiter limiter) {
    this.keys = keys;
    this.limiter = limiter;
  }

  /** Access by the keys of {@code file}, which must be readable and valid now. */
  public static AccessControl load(Path file) throws IOException {
    return new AccessControl(ApiKeys.load(file), new RateLimiter(System::nanoTime));
  }

  static AccessControl load(Path file, LongSupplier nanoTime) throws IOException {
    return new AccessControl(ApiKeys.load(file), new RateLimiter(nanoTime));
  }

  public ApiKeys keys() {
    return keys;
  }

  /**
   * Whether a request may go on. {@code segments} are its decoded path segments, {@code authorization} its
   * Authorization header, {@code offeredProtocols} the WebSocket subprotocols it offers (none for plain HTTP).
   */
  public Access decide(
      String method, List<String> segments, Optional<String> authorization, List<String> offeredProtocols) {
    Optional<Scope> needed = Endpoints.needed(method, segments);
    if (needed.isEmpty()) {
      return Access.GRANTED;
    }
    Optional<String> presented = Credentials.presented(authorization, offeredProtocols);
    if (presented.isEmpty()) {
      return Access.unauthorized(
          "this endpoint needs an API key: send the header Authorization: Bearer <key> (on a WebSocket, or the"
              + " subprotocol bearer.<key>)");
    }
    Optional<ApiKey> key = keys.find(presented.get());
    if (key.isEmpty()) {
      return Access.unauthorized("unknown API key");
    }
    ApiKey known = key.get();
    Scope scope = needed.get();
    if (!known.allows(scope)) {
      return Access.forbidden(
          "the key \"" + known.name() + "\" has the scopes " + known.scopeList() + "; this endpoint needs "
              + scope.wireName());
    }
    Duration wait = limiter.take(known);
    if (!wait.isZero()) {
      long seconds = (wait.toMillis() + 999) / 1000;
      return Access.rateLimited(
          "the key \"" + known.name() + "\" may make " + known.ratePerSecond().getAsInt()
              + " requests a second; retry in " + Math.max(1, seconds) + " s",
          seconds);
    }
    return Access.GRANTED;
  }

  /** Reads the keys file again (see {@link ApiKeys#reload}); buckets of removed or changed keys are dropped. */
  public void reload() {
    if (keys.reload()) {
      limiter.retain(keys.all());
    }
  }
}
