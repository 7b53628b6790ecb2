package io.ebb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ebb.interest.Decay;
import io.ebb.interest.HorizonView;
import io.ebb.interest.TagWeight;
import io.ebb.rank.Place;
import io.ebb.user.UserInterests;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /v1/users/{id}/interests}: weights decayed to now, or to {@code at} when asked. */
record InterestsResponse(
    String userId,
    long eventCount,
    Instant lastEventAt,
    List<TagWeight> topTags,
    Map<String, Horizon> horizons,
    int settingsVersion,
    List<StatedInterest> statedInterests,
    @JsonInclude(JsonInclude.Include.NON_NULL) String summary,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant at,
    @JsonInclude(JsonInclude.Include.NON_NULL) Context context) {

  /**
   * The context components: {@code time} while time context is on (the query's bucket and each bucket's decayed
   * norm), {@code place} where the user was last known to be; each absent when there is none.
   */
  record Context(
      @JsonInclude(JsonInclude.Include.NON_NULL) Time time,
      @JsonInclude(JsonInclude.Include.NON_NULL) Position place) {}

  record Time(String bucket, String halfLife, Map<String, Double> buckets) {}

  record Position(double lat, double lon) {}

  /** A stated interest of the latest capture, its weight decayed to now. */
  record StatedInterest(String topic, double weight) {}

  record Horizon(String halfLife, double norm) {}

  /** {@code at}: the instant asked for ({@code at=}), or null for an answer as of now. */
  static InterestsResponse of(UserInterests u, Instant at) {
    Map<String, Horizon> horizons = new LinkedHashMap<>();
    for (HorizonView h : u.horizons()) {
      horizons.put(h.name(), new Horizon(Decay.format(h.halfLife()), round(h.norm())));
    }
    List<TagWeight> tags = u.topTags().stream().map(t -> new TagWeight(t.tag(), round(t.weight()))).toList();
    List<StatedInterest> stated =
        u.statedInterests().stream().map(t -> new StatedInterest(t.topic(), round(t.weight()))).toList();
    return new InterestsResponse(
        u.userId(), u.eventCount(), u.lastEventAt(), tags, horizons, u.settingsVersion(), stated, u.summary(), at,
        context(u));
  }

  private static Context context(UserInterests u) {
    Time time = null;
    if (u.time() != null) {
      Map<String, Double> buckets = new LinkedHashMap<>();
      for (HorizonView b : u.time().buckets()) {
        buckets.put(b.name(), round(b.norm())); // one half-life for all buckets
      }
      time = new Time(u.time().bucket(), Decay.format(u.time().buckets().get(0).halfLife()), buckets);
    }
    Place last = Place.of(u.lastContext());
    Position place = last == null ? null : new Position(last.lat(), last.lon());
    return time == null && place == null ? null : new Context(time, place);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
