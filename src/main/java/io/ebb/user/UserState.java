package io.ebb.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ebb.CborSerializable;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.interest.StatedTopic;
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
 * <p>Unlike the immutable {@link InterestState}, the bounded collections are updated in place: copying a
 * 10,000-item consumed set on every event would dominate ingestion. Only the entity's event handler (and the tick,
 * which re-materialises time-derived values) mutates it; replies carry copies ({@link #view}).
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
      @JsonProperty("summary") String summary) {
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
  }

  public static UserState empty(InterestSettings settings) {
    return new UserState(InterestState.empty(settings), settings.version(), 0, null, null, null, null, 0, null, null);
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

  /** Folds one behaviour event in. {@code item} is empty when the catalog does not know the item (yet). */
  UserState apply(
      BehaviorRecorded event, InterestSettings settings, ItemLookup.Features item, UserSettings limits) {
    double weight = settings.weights().weightOf(event.type(), event.value());
    interest =
        interest.apply(
            settings,
            event.timestamp(),
            weight,
            item == null ? null : item.vector(),
            item == null ? List.of() : item.tags());
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
   * Folds a capture of stated interests in. Not a behaviour event: {@code eventCount} stays as it is. A capture
   * whose vectors do not fit this state (recorded under another embedding model) keeps only its summary.
   */
  UserState apply(InterestsCaptured event, InterestSettings settings, ItemLookup items) {
    List<StatedTopic> topics = new ArrayList<>(event.topics().size());
    List<float[]> vectors = new ArrayList<>(event.topics().size());
    for (CapturedTopic t : event.topics()) {
      topics.add(new StatedTopic(t.topic(), t.weight()));
      vectors.add(items.textVector(t.vector()));
    }
    int dim = interest.dimension();
    boolean fits = topics.isEmpty() || dim == 0 || vectors.stream().allMatch(v -> v.length == dim);
    if (fits && !topics.isEmpty()) {
      interest = interest.capture(settings, event.at(), topics, vectors);
    }
    eventsSinceCapture = 0;
    summary = event.summary();
    return this;
  }

  /** Decays every horizon and tag to {@code now} and drops faded tags. Derived from time, so not journalled. */
  void rematerialize(InterestSettings settings, Instant now) {
    interest = interest.asOf(settings, now);
  }

  UserInterests view(String userId, InterestSettings settings, Instant now, int topTags) {
    return new UserInterests(
        userId,
        !isEmpty(),
        eventCount,
        lastEventAt,
        now,
        interest.queryVector(settings, now),
        interest.topTags(settings, now, topTags),
        interest.horizonsAsOf(settings, now),
        List.copyOf(consumed),
        List.copyOf(recent),
        settingsVersion,
        interest.statedTopics(settings, now),
        summary,
        interest.stated().vector().length == 0 ? new float[0] : VectorMath.normalized(interest.stated().vector()));
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
        && Objects.equals(summary, other.summary);
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
