package io.ebb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ebb.interest.Decay;
import io.ebb.interest.HorizonView;
import io.ebb.interest.TagWeight;
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
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant at) {

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
        u.userId(), u.eventCount(), u.lastEventAt(), tags, horizons, u.settingsVersion(), stated, u.summary(), at);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
