package io.ebb.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ebb.CborSerializable;
import io.ebb.interest.HorizonState;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.interest.StatedState;
import io.ebb.interest.StatedTopic;
import io.ebb.interest.TimeBuckets;
import io.ebb.interest.VectorMath;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.CapturedTopic;
import io.ebb.user.UserEvent.InterestsCaptured;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one user's entity: the decayed interest fold plus the bounded bookkeeping around it (event ids
 * already accepted, items consumed, the latest events for explanations).
 *
 * <p>What it answers is a function of the journal, the serving model and the instant asked for: views decayed to
 * an instant are derived when asked ({@link #view}), never written back (a snapshot does not depend on when timer
 * ticks ran). An event whose item the catalog does not know yet is kept as a {@link PendingEvent} and its vector
 * added, at its own instant, once the item is known (see {@link PendingEvent}), so a state built live and one
 * rebuilt from the journal later agree.
 *
 * <p>Unlike the immutable {@link InterestState}, the bounded collections are updated in place: copying a
 * 10,000-item consumed set on every event would dominate ingestion. Only the entity's event handler mutates it;
 * replies carry copies ({@link #view}), and so do snapshots ({@link #copy}: the snapshot store serialises on its
 * own thread while the entity goes on folding).
 *
 * <p>{@link #empty} is a template that is never mutated: the first event folded into it folds into a copy.
 * Pekko keeps the one empty state it was given and starts every recovery from it again (after a failed write the
 * entity restarts), so an empty state that took events in place would bring back events the journal never got
 * (counted twice, or answered {@code duplicate: true} although lost).
 */
public final class UserState implements CborSerializable {

  private InterestState interest;
  /** The settings version this state was folded under from its first event (a snapshot keeps it). */
  private final int settingsVersion;
  private long eventCount;
  private Instant lastEventAt;
  private final LinkedHashSet<String> eventIds;
  private final LinkedHashSet<String> consumed;
  private final ArrayDeque<RecentEvent> recent;
  /** Behaviour events since the last capture of stated interests: what a capture has not read yet. */
  private int eventsSinceCapture;
  /** The context of the latest behaviour event (device, place, weather, …), for the next capture. */
  private Map<String, String> lastContext;
  /** The summary of the latest capture, or null. */
  private String summary;
  /** Events whose item was unknown when they were folded, oldest first (at most {@link #MAX_PENDING}). */
  private final ArrayDeque<PendingEvent> pending;
  /** The stated component before the latest capture (for an answer as of an instant before it), or null. */
  private StatedState statedBefore;
  /** True only for {@link #empty}: folding into it folds into a copy. */
  private final boolean template;

  /** Events for items not in the catalog yet that a user keeps waiting; beyond it the oldest are dropped. */
  static final int MAX_PENDING = 256;

  @JsonCreator
  UserState(
      @JsonProperty("interest") InterestState interest,
      @JsonProperty("settingsVersion") int settingsVersion,
      @JsonProperty("eventCount") long eventCount,
      @JsonProperty("lastEventAt") Instant lastEventAt,
      @JsonProperty("eventIds") List<String> eventIds,
      @JsonProperty("consumed") List<String> consumed,
      @JsonProperty("recent") List<RecentEvent> recent,
      @JsonProperty("eventsSinceCapture") int eventsSinceCapture,
      @JsonProperty("lastContext") Map<String, String> lastContext,
      @JsonProperty("summary") String summary,
      @JsonProperty("pending") List<PendingEvent> pending,
      @JsonProperty("statedBefore") StatedState statedBefore) {
    this(interest, settingsVersion, eventCount, lastEventAt, eventIds, consumed, recent, eventsSinceCapture,
        lastContext, summary, pending, statedBefore, false);
  }

  private UserState(
      InterestState interest, int settingsVersion, long eventCount, Instant lastEventAt, List<String> eventIds,
      List<String> consumed, List<RecentEvent> recent, int eventsSinceCapture, Map<String, String> lastContext,
      String summary, List<PendingEvent> pending, StatedState statedBefore, boolean template) {
    this.template = template;
    this.interest = interest;
    this.settingsVersion = settingsVersion;
    this.eventCount = eventCount;
    this.lastEventAt = lastEventAt;
    this.eventIds = new LinkedHashSet<>(eventIds == null ? List.of() : eventIds);
    this.consumed = new LinkedHashSet<>(consumed == null ? List.of() : consumed);
    this.recent = new ArrayDeque<>(recent == null ? List.of() : recent);
    this.eventsSinceCapture = eventsSinceCapture;
    this.lastContext = lastContext == null ? Map.of() : Map.copyOf(lastContext);
    this.summary = summary;
    this.pending = new ArrayDeque<>(pending == null ? List.of() : pending);
    this.statedBefore = statedBefore;
  }

  /** The empty state: a template, never changed itself (see the class comment). */
  public static UserState empty(InterestSettings settings) {
    return new UserState(
        InterestState.empty(settings), settings.version(), 0, null, null, null, null, 0, null, null, null, null,
        true);
  }

  /** An independent copy (not a template): what a snapshot stores while this state goes on changing. */
  public UserState copy() {
    return new UserState(interest, settingsVersion, eventCount, lastEventAt, List.copyOf(eventIds),
        List.copyOf(consumed), List.copyOf(recent), eventsSinceCapture, lastContext, summary, List.copyOf(pending),
        statedBefore, false);
  }


  @JsonProperty("interest")
  public InterestState interest() {
    return interest;
  }

  @JsonProperty("settingsVersion")
  public int settingsVersion() {
    return settingsVersion;
  }

  @JsonProperty("eventCount")
  public long eventCount() {
    return eventCount;
  }

  @JsonProperty("lastEventAt")
  public Instant lastEventAt() {
    return lastEventAt;
  }

  @JsonProperty("eventIds")
  List<String> eventIds() {
    return List.copyOf(eventIds);
  }

  @JsonProperty("consumed")
  List<String> consumed() {
    return List.copyOf(consumed);
  }

  @JsonProperty("recent")
  List<RecentEvent> recent() {
    return List.copyOf(recent);
  }

  @JsonProperty("eventsSinceCapture")
  public int eventsSinceCapture() {
    return eventsSinceCapture;
  }

  @JsonProperty("lastContext")
  Map<String, String> lastContext() {
    return lastContext;
  }

  @JsonProperty("summary")
  String summary() {
    return summary;
  }

  @JsonProperty("pending")
  List<PendingEvent> pending() {
    return List.copyOf(pending);
  }

  @JsonProperty("statedBefore")
  StatedState statedBefore() {
    return statedBefore;
  }

  /** What a capture of stated interests reads: the latest events, the top tags and the latest context. */
  InterestCapture.Input captureInput(InterestSettings settings, Instant now, int topTags) {
    return new InterestCapture.Input(now, List.copyOf(recent), interest.topTags(settings, now, topTags), lastContext);
  }

  @JsonIgnore
  public boolean isEmpty() {
    return eventCount == 0;
  }

  boolean hasAccepted(String eventId) {
    return eventIds.contains(eventId);
  }

  /**
   * Folds one behaviour event in. {@code item} is null when the catalog does not know the item (yet): the event
   * then waits as a {@link PendingEvent}. Events still waiting whose items {@code items} knows now are folded first.
   */
  UserState apply(
      BehaviorRecorded event, InterestSettings settings, ItemLookup.Features item, UserSettings limits,
      ItemLookup items) {
    if (template) {
      return copy().apply(event, settings, item, limits, items);
    }
    interest = withKnownPending(interest, settings, items, true);
    double weight = settings.weights().weightOf(event.type(), event.value());
    int dimension = interest.dimension();
    if (item == null || (dimension != 0 && item.vector().length != dimension)) {
      // Unknown item, or a vector of another item space: a state recovered from a snapshot folded under an older
      // serving model meets the new model's vectors (the snapshot store does not filter snapshots by time). It is
      // rebuilt from the journal once recovered (UserInterest.onRecovered); until then the event waits.
      if (weight != 0.0) {
        pending.addLast(
            new PendingEvent(event.itemId(), event.timestamp().toEpochMilli(), weight, event.context().get("tz")));
        while (pending.size() > MAX_PENDING) {
          pending.removeFirst();
        }
      }
    } else {
      interest = interest.apply(
          settings, event.timestamp(), weight, item.vector(), item.tags(), settings.time().zone(event.context().get("tz")));
    }
    eventCount++;
    if (lastEventAt == null || event.timestamp().isAfter(lastEventAt)) {
      lastEventAt = event.timestamp();
    }
    addBounded(eventIds, event.eventId(), limits.dedupWindow());
    consumed.remove(event.itemId()); // re-consumed items become the newest
    addBounded(consumed, event.itemId(), limits.maxConsumedItems());
    recent.addLast(new RecentEvent(event.itemId(), event.type(), event.timestamp().toEpochMilli(), weight));
    while (recent.size() > limits.recentEvents()) {
      recent.removeFirst();
    }
    eventsSinceCapture++;
    if (!event.context().isEmpty()) {
      lastContext = event.context();
    }
    return this;
  }

  /**
   * {@code state} with the vectors of the pending events whose items are known now added at their own instants;
   * with {@code resolve} they leave the pending list (the event handler), without it they stay (a view).
   */
  private InterestState withKnownPending(
      InterestState state, InterestSettings settings, ItemLookup items, boolean resolve) {
    if (pending.isEmpty()) {
      return state;
    }
    InterestState out = state;
    Iterator<PendingEvent> it = pending.iterator();
    while (it.hasNext()) {
      PendingEvent p = it.next();
      ItemLookup.Features f = items.find(p.itemId()).orElse(null);
      if (f != null && (out.dimension() == 0 || f.vector().length == out.dimension())) {
        out = out.apply(
            settings, Instant.ofEpochMilli(p.atEpochMilli()), p.weight(), f.vector(), f.tags(), settings.time().zone(p.tz()));
        if (resolve) {
          it.remove();
        }
      }
    }
    return out;
  }

  /**
   * Folds a capture of stated interests in. Not a behaviour event: {@code eventCount} stays as it is. A capture
   * whose vectors do not fit this state (recorded under another embedding model) keeps only its summary.
   */
  UserState apply(InterestsCaptured event, InterestSettings settings, ItemLookup items) {
    if (template) {
      return copy().apply(event, settings, items);
    }
    List<StatedTopic> topics = new ArrayList<>(event.topics().size());
    List<float[]> vectors = new ArrayList<>(event.topics().size());
    for (CapturedTopic t : event.topics()) {
      topics.add(new StatedTopic(t.topic(), t.weight()));
      vectors.add(items.textVector(t.vector()));
    }
    int dim = interest.dimension();
    boolean fits = topics.isEmpty() || dim == 0 || vectors.stream().allMatch(v -> v.length == dim);
    if (fits && !topics.isEmpty()) {
      if (event.at().toEpochMilli() >= interest.stated().capturedAtEpochMilli()) {
        statedBefore = interest.stated();
      }
      interest = interest.capture(settings, event.at(), topics, vectors);
    }
    eventsSinceCapture = 0;
    summary = event.summary();
    return this;
  }

  /** {@link #view(String, InterestSettings, Instant, String, int, ItemLookup)} in the zone of the latest context. */
  UserInterests view(String userId, InterestSettings settings, Instant at, int topTags, ItemLookup items) {
    return view(userId, settings, at, null, topTags, items);
  }

  /**
   * The user's interests as of {@code at}: decayed to it, with the pending events whose items are known now, and
   * without stated interests captured after it (the latest two captures are told apart; an instant before both
   * has no stated component).
   *
   * @param tz the query's {@code context.tz}, or null: then the zone of the user's latest context (the latest
   *     event that had any), else the default zone; it decides the query's time bucket when time context is on
   */
  UserInterests view(String userId, InterestSettings settings, Instant at, String tz, int topTags, ItemLookup items) {
    InterestState state = withKnownPending(interest, settings, items, false);
    long t = at.toEpochMilli();
    boolean beforeCapture = t < state.stated().capturedAtEpochMilli();
    if (beforeCapture) {
      StatedState before = statedBefore != null && statedBefore.capturedAtEpochMilli() <= t
          ? statedBefore
          : StatedState.NONE;
      state = state.withStated(before);
    }
    return new UserInterests(
        userId,
        !isEmpty(),
        eventCount,
        lastEventAt,
        at,
        state.queryVector(settings, at, settings.time().zone(tz != null ? tz : lastContext.get("tz"))),
        state.topTags(settings, at, topTags),
        state.horizonsAsOf(settings, at),
        List.copyOf(consumed),
        List.copyOf(recent),
        settingsVersion,
        state.statedTopics(settings, at),
        beforeCapture ? null : summary,
        state.stated().vector().length == 0 ? new float[0] : VectorMath.normalized(state.stated().vector()),
        lastContext,
        timeOfQuery(state, settings, at, tz != null ? tz : lastContext.get("tz")));
  }

  /** The query's time bucket and what the user holds in it, when time context is on; else {@code null}. */
  private static UserInterests.TimeOfQuery timeOfQuery(
      InterestState state, InterestSettings settings, Instant at, String tz) {
    if (!settings.time().isOn() || state.time().isEmpty()) {
      return null;
    }
    int bucket = TimeBuckets.of(at, settings.time().zone(tz));
    HorizonState b = state.time().bucket(bucket);
    return new UserInterests.TimeOfQuery(
        TimeBuckets.name(bucket),
        b.vector().length == 0 ? new float[0] : VectorMath.normalized(b.vector()),
        state.timeElsewhere(settings, at, bucket),
        state.timeBucketsAsOf(settings, at));
  }

  private static void addBounded(LinkedHashSet<String> set, String value, int max) {
    set.add(value);
    if (set.size() > max) {
      Iterator<String> oldest = set.iterator();
      while (set.size() > max) {
        oldest.next();
        oldest.remove();
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserState other
        && interest.equals(other.interest)
        && settingsVersion == other.settingsVersion
        && eventCount == other.eventCount
        && Objects.equals(lastEventAt, other.lastEventAt)
        && new ArrayList<>(eventIds).equals(new ArrayList<>(other.eventIds))
        && new ArrayList<>(consumed).equals(new ArrayList<>(other.consumed))
        && new ArrayList<>(recent).equals(new ArrayList<>(other.recent))
        && eventsSinceCapture == other.eventsSinceCapture
        && lastContext.equals(other.lastContext)
        && Objects.equals(summary, other.summary)
        && new ArrayList<>(pending).equals(new ArrayList<>(other.pending))
        && Objects.equals(statedBefore, other.statedBefore);
  }

  @Override
  public int hashCode() {
    return Objects.hash(interest, eventCount, lastEventAt);
  }

  @Override
  public String toString() {
    return "UserState[events=" + eventCount + ", consumed=" + consumed.size() + ", lastEventAt=" + lastEventAt + "]";
  }
}
