package io.ebb.user;

import io.ebb.interest.TagWeight;
import io.ebb.user.UserEvent.InterestsCaptured;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads a user's recent behaviour and says what the user is interested in now (a language model, or the built-in
 * summariser), answering with the event to record. The entity asks at most once at a time, off its own thread,
 * and records the answer in its journal; a failed or late answer changes nothing and is asked again later.
 */
public interface InterestCapture {

  /** Never captures. */
  InterestCapture NONE =
      new InterestCapture() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public int captureEvery() {
          return 0;
        }

        @Override
        public Duration idleAfter() {
          return Duration.ofDays(36_500);
        }

        @Override
        public CompletionStage<InterestsCaptured> capture(String userId, Input input) {
          return CompletableFuture.failedFuture(new IllegalStateException("interest capture is off"));
        }
      };

  /** What the user did lately, as the entity holds it: the latest events first-to-last, top tags, last context. */
  record Input(Instant now, List<RecentEvent> recent, List<TagWeight> topTags, Map<String, String> context) {}

  default boolean enabled() {
    return true;
  }

  /** Capture after this many new behaviour events; 0 captures only when a session goes idle. */
  int captureEvery();

  /** A session is idle after this long without a new event; then its new events are captured once. */
  Duration idleAfter();

  /** How long to wait after a failed capture before asking again. */
  default Duration retryAfter() {
    return Duration.ofMinutes(5);
  }

  CompletionStage<InterestsCaptured> capture(String userId, Input input);
}
