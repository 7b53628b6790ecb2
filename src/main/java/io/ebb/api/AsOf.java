package io.ebb.api;

import io.ebb.user.UserInterests;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The {@code at} query parameter of recommendations and interests: answer as of that instant (a preview of the
 * fade ahead, or an audit of what was served) instead of the server's clock. It must not be before the user's last
 * behaviour event: the state holds no history to go back to.
 */
final class AsOf {

  private AsOf() {}

  /** The instant asked for, or null when the query has no {@code at}. */
  static Instant of(Map<String, String> query) {
    String text = query.get("at");
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("at", "at must be an ISO-8601 instant such as 2026-11-27T10:15:30Z, was \""
          + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "\"");
    }
  }

  /** Throws the 400 naming {@code at} when {@code at} is before the user's last behaviour event. */
  static void requireNotBeforeLastEvent(Instant at, UserInterests user) {
    if (at != null && user.lastEventAt() != null && at.isBefore(user.lastEventAt())) {
      throw ApiException.invalid("at", "at (" + at + ") is before the user's last event (" + user.lastEventAt()
          + "): an answer can be made as of the last event or later");
    }
  }
}
