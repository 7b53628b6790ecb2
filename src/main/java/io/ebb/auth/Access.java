package io.ebb.auth;

/**
 * What {@link AccessControl} decided for one request: granted, or denied with a message for the client (which
 * never repeats the key) and, when rate-limited, the seconds after which to retry (at least 1).
 */
public record Access(Verdict verdict, String message, long retryAfterSeconds) {

  public enum Verdict {
    GRANTED,
    /** No key, or one the keys file does not hold. */
    UNAUTHORIZED,
    /** A known key whose scopes do not allow the endpoint. */
    FORBIDDEN,
    /** A known key over its rate. */
    RATE_LIMITED
  }

  static final Access GRANTED = new Access(Verdict.GRANTED, "", 0);

  public boolean granted() {
    return verdict == Verdict.GRANTED;
  }

  static Access unauthorized(String message) {
    return new Access(Verdict.UNAUTHORIZED, message, 0);
  }

  static Access forbidden(String message) {
    return new Access(Verdict.FORBIDDEN, message, 0);
  }

  static Access rateLimited(String message, long retryAfterSeconds) {
    return new Access(Verdict.RATE_LIMITED, message, Math.max(1, retryAfterSeconds));
  }
}
