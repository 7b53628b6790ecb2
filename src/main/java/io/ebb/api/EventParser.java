package io.ebb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.interest.EventType;
import io.ebb.user.UserEvent.BehaviorRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Validates behaviour events at the edge and turns them into journal events. */
final class EventParser {

  static final double MIN_RATING = 0.5;
  static final double MAX_RATING = 5.0;

  /** A validated event and the user whose journal it goes to. */
  record Parsed(String userId, BehaviorRecorded event) {}

  private final Duration maxFutureSkew;

  EventParser(Duration maxFutureSkew) {
    this.maxFutureSkew = maxFutureSkew;
  }

  Parsed parse(JsonNode node, String prefix, Instant now) {
    Fields f = new Fields(node, prefix);
    // The type first: what an event means decides what else it needs (a rate needs a value).
    String typeName = f.optionalString("type");
    if (typeName == null) {
      throw ApiException.invalid(f.path("type"), "type is required: one of " + EventType.wireNames());
    }
    EventType type =
        EventType.fromWire(typeName)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        f.path("type"),
                        "unknown event type \"" + typeName + "\": expected one of " + EventType.wireNames()));
    Double value = f.optionalNumber("value");
    if (type == EventType.RATE) {
      if (value == null) {
        throw ApiException.invalid(f.path("value"), "value is required for a rate event (0.5 to 5.0)");
      }
      if (value < MIN_RATING || value > MAX_RATING) {
        throw ApiException.invalid(f.path("value"), "value of a rate event must be within 0.5 to 5.0, got " + value);
      }
    }
    String userId = f.requiredId("userId");
    String itemId = f.requiredId("itemId");
    String eventId = f.optionalId("eventId");
    Instant timestamp = f.optionalInstant("timestamp");
    if (timestamp == null) {
      timestamp = now;
    } else if (timestamp.isAfter(now.plus(maxFutureSkew))) {
      throw ApiException.invalid(
          f.path("timestamp"), "timestamp " + timestamp + " is in the future (server time " + now + ")");
    } else if (timestamp.isBefore(Instant.EPOCH)) {
      // Decay weighs an event by its age: a year-0 event is a typo, and its weight would underflow to nothing.
      throw ApiException.invalid(f.path("timestamp"), "timestamp " + timestamp + " is before 1970-01-01T00:00:00Z");
    }
    var context = f.optionalScalars("context");
    return new Parsed(
        userId,
        new BehaviorRecorded(
            eventId == null ? UUID.randomUUID().toString() : eventId, itemId, type, value, timestamp, context));
  }

  /** All-or-nothing: the first bad event fails the batch, named by its index. */
  List<Parsed> parseBatch(JsonNode body, int maxEvents, Instant now) {
    JsonNode events = new Fields(body, "").requiredArray("events");
    if (events.size() > maxEvents) {
      throw new ApiException(
          StatusCodes.PAYLOAD_TOO_LARGE,
          new ApiError("too_large", "a batch holds at most " + maxEvents + " events, got " + events.size(), "events"));
    }
    List<Parsed> parsed = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      parsed.add(parse(events.get(i), "events[" + i + "].", now));
    }
    return parsed;
  }
}
