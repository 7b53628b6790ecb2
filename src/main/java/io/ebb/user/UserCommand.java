package io.ebb.user;

import io.ebb.CborSerializable;
import io.ebb.user.UserEvent.BehaviorRecorded;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** What a user's entity accepts. Replies are sent only after the journal has the events. */
public sealed interface UserCommand extends CborSerializable {

  /** Record one event; the reply says whether its eventId had been accepted before (then nothing is applied). */
  record RecordBehavior(BehaviorRecorded behavior, ActorRef<StatusReply<Recorded>> replyTo) implements UserCommand {}

  /** Record several events of this user in one journal write. */
  record RecordBatch(List<BehaviorRecorded> behaviors, ActorRef<StatusReply<BatchRecorded>> replyTo)
      implements UserCommand {}

  /**
   * The user's interests as of {@code at} (null: the entity's clock), the whole view (query vector, consumed items,
   * recent events): for the profile endpoint and tools. {@code tz} (a {@code context.tz} value, or null) is the
   * zone whose time bucket the view's time context shows. Recommendations use {@link Recommend}, whose reply is small.
   */
  record GetInterests(Instant at, String tz, ActorRef<UserInterests> replyTo) implements UserCommand {
    /** As of now. */
    public GetInterests(ActorRef<UserInterests> replyTo) {
      this(null, null, replyTo);
    }

    /** As of {@code at}, in the zone of the user's latest context. */
    public GetInterests(Instant at, ActorRef<UserInterests> replyTo) {
      this(at, null, replyTo);
    }
  }

  /**
   * The user's recommendations, ranked by the entity on its own node ({@link UserInterest.Recommending}) from its
   * view as of {@code request.at()} (null: the entity's clock). Only the short list travels back, never the user's
   * consumed set. The one error reply is a {@code request.at()} before the user's last behaviour event: the state
   * holds no history to go back to.
   */
  record Recommend(RecommendRequest request, ActorRef<StatusReply<Recommendations>> replyTo)
      implements UserCommand {}

  /** Delete everything known about the user: events and snapshots. */
  record Forget(ActorRef<Done> replyTo) implements UserCommand {}

  record Recorded(String eventId, boolean duplicate) implements CborSerializable {}

  record BatchRecorded(int accepted, int duplicates) implements CborSerializable {}

  /** Timer message: tell subscribers that interests have decayed since (nothing is written). */
  enum Tick implements UserCommand {
    INSTANCE
  }

  /** Internal: the answer of a capture of stated interests; {@code captured} is null when it failed. */
  record CaptureAnswered(UserEvent.InterestsCaptured captured, String failure) implements UserCommand {}

  /** Internal: the journal and snapshots of a forgotten user have been deleted (or the deletion failed). */
  record ForgetCompleted(ActorRef<Done> replyTo, String failure) implements UserCommand {}
}
