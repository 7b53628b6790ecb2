package io.ebb.user;

import io.ebb.CborSerializable;
import io.ebb.interest.HorizonView;
import io.ebb.interest.StatedTopic;
import io.ebb.interest.TagWeight;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user's interests as of {@code asOf}: what the profile endpoint shows and what the recommender ranks with.
 * {@code known} is false for a user with no events (an unknown or forgotten user). {@code statedVector} is the
 * direction of the stated-interest component (zero-length without captures), for explanations. {@code lastContext}
 * is the context of the user's last event: where a query that does not say where the user is takes the position
 * from. {@code time} is the query's time bucket and the user's per-bucket interest, {@code null} while time
 * context is off.
 */
public record UserInterests(
    String userId,
    boolean known,
    long eventCount,
    Instant lastEventAt,
    Instant asOf,
    float[] queryVector,
    List<TagWeight> topTags,
    List<HorizonView> horizons,
    List<String> consumed,
    List<RecentEvent> recent,
    int settingsVersion,
    List<StatedTopic> statedInterests,
    String summary,
    float[] statedVector,
    Map<String, String> lastContext,
    TimeOfQuery time)
    implements CborSerializable {

  /**
   * The time context of a query: its bucket ({@code "weekday evening"}), the direction of the user's interest in
   * it and of the interest in all other buckets together (zero-length where nothing fell), and every bucket's
   * decayed norm.
   */
  public record TimeOfQuery(String bucket, float[] vector, float[] elsewhere, List<HorizonView> buckets)
      implements CborSerializable {

    public TimeOfQuery {
      buckets = List.copyOf(buckets);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TimeOfQuery other
          && bucket.equals(other.bucket)
          && Arrays.equals(vector, other.vector)
          && Arrays.equals(elsewhere, other.elsewhere)
          && buckets.equals(other.buckets);
    }

    @Override
    public int hashCode() {
      return Objects.hash(bucket, Arrays.hashCode(vector));
    }

    @Override
    public String toString() {
      return "TimeOfQuery[" + bucket + ", buckets=" + buckets + "]";
    }
  }

  public UserInterests {
    lastContext = lastContext == null ? Map.of() : Map.copyOf(lastContext);
  }

  /** Without time context. */
  public UserInterests(
      String userId, boolean known, long eventCount, Instant lastEventAt, Instant asOf, float[] queryVector,
      List<TagWeight> topTags, List<HorizonView> horizons, List<String> consumed, List<RecentEvent> recent,
      int settingsVersion, List<StatedTopic> statedInterests, String summary, float[] statedVector,
      Map<String, String> lastContext) {
    this(userId, known, eventCount, lastEventAt, asOf, queryVector, topTags, horizons, consumed, recent,
        settingsVersion, statedInterests, summary, statedVector, lastContext, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserInterests other
        && userId.equals(other.userId)
        && known == other.known
        && eventCount == other.eventCount
        && Objects.equals(lastEventAt, other.lastEventAt)
        && Objects.equals(asOf, other.asOf)
        && Arrays.equals(queryVector, other.queryVector)
        && topTags.equals(other.topTags)
        && horizons.equals(other.horizons)
        && consumed.equals(other.consumed)
        && recent.equals(other.recent)
        && settingsVersion == other.settingsVersion
        && statedInterests.equals(other.statedInterests)
        && Arrays.equals(statedVector, other.statedVector)
        && Objects.equals(summary, other.summary)
        && lastContext.equals(other.lastContext)
        && Objects.equals(time, other.time);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, eventCount, lastEventAt, Arrays.hashCode(queryVector), consumed);
  }

  @Override
  public String toString() {
    return "UserInterests[" + userId + ", events=" + eventCount + ", tags=" + topTags + "]";
  }
}
