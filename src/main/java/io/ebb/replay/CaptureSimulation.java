package io.ebb.replay;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.interest.StatedTopic;
import io.ebb.llm.CaptureRequest;
import io.ebb.llm.CapturedInterests;
import io.ebb.llm.LlmSettings;
import io.ebb.llm.RecentItem;
import io.ebb.llm.StatedInterest;
import io.ebb.llm.SummaryCapturer;
import io.ebb.replay.Split.UserEvents;
import io.ebb.replay.data.DatasetItem;
import io.ebb.user.UserInterest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The captures a service without a language model would have recorded for a dataset that has none: the built-in
 * summariser ({@link SummaryCapturer}) asked whenever a session went idle. Between two consecutive events of a
 * user at least {@code idleAfter} apart there is one capture, at the earlier event's time plus {@code idleAfter};
 * none after the last event (no query comes after it). The capture reads what the user entity would hand it
 * ({@code UserState.captureInput}): the latest {@code recentEvents} events, newest first, with the items' titles
 * and tags, and the state's {@code topTags} strongest tags at that instant.
 *
 * <p>Which captures happen and what they say depends only on the events and the tag part of the settings (event
 * weights, tag half-life, floor and limit): tags fold independently of vectors and horizons, and a capture never
 * changes them. So the schedule is computed once, by folding the events with their tags in a state of its own, and
 * then serves every setting that shares those tag settings; its topics are embedded once each.
 *
 * @param idleAfter {@code ebb.llm.idle-after}
 * @param recentEvents {@code ebb.user.recent-events}: the recent events a user entity keeps and a capture reads
 * @param topTags top tags a capture reads (the user entity's profile size, {@value #SERVICE_TOP_TAGS})
 * @param llm the bounds of the summariser's answer ({@code ebb.llm.max-topics} and so on)
 */
public record CaptureSimulation(Duration idleAfter, int recentEvents, int topTags, LlmSettings llm) {

  /** Top tags the user entity passes a capture. */
  public static final int SERVICE_TOP_TAGS = UserInterest.PROFILE_TAGS;

  public CaptureSimulation {
    Objects.requireNonNull(llm, "llm");
    if (idleAfter == null || idleAfter.isNegative() || idleAfter.isZero()) {
      throw new IllegalArgumentException("idleAfter must be positive, was " + idleAfter);
    }
    if (recentEvents <= 0 || topTags <= 0) {
      throw new IllegalArgumentException("recentEvents and topTags must be positive");
    }
  }

  /** As the service configured by {@code ebb} (the {@code ebb} section of the config) would capture. */
  public static CaptureSimulation from(Config ebb) {
    LlmSettings llm = LlmSettings.from(ebb.getConfig("llm"));
    return new CaptureSimulation(llm.idleAfter(), ebb.getInt("user.recent-events"), SERVICE_TOP_TAGS, llm);
  }

  /** {@link #from} the application's config (reference defaults, {@code application.conf}, environment). */
  public static CaptureSimulation defaults() {
    return from(ConfigFactory.load().getConfig("ebb"));
  }

  /** Names the simulated captures in reports: {@code "simulated (ebb-summariser/1)"}. */
  public static String source() {
    return "simulated (" + SummaryCapturer.MODEL_ID + ")";
  }

  /** One simulated capture: when it happened and what the summariser answered. */
  public record Simulated(long epochMilli, CapturedInterests answer) {}

  /**
   * Per user index of {@code split}, the captures in time order, each with at least one topic (an answer with
   * none changes no state, as in the service).
   *
   * @param settings the tag part of these settings decides the top tags
   */
  public List<List<Simulated>> schedule(Split split, InterestSettings settings) {
    SummaryCapturer capturer = SummaryCapturer.from(llm);
    return IntStream.range(0, split.users().size())
        .parallel()
        .mapToObj(u -> scheduleOf(split, split.users().get(u), settings, capturer))
        .toList();
  }

  private List<Simulated> scheduleOf(Split split, UserEvents e, InterestSettings settings, SummaryCapturer capturer) {
    long idle = idleAfter.toMillis();
    InterestState tags = InterestState.empty(settings);
    List<Simulated> out = new ArrayList<>();
    for (int i = 0; i < e.size(); i++) {
      long t = e.times()[i];
      if (i > 0 && t - e.times()[i - 1] >= idle) {
        long at = e.times()[i - 1] + idle;
        CapturedInterests answer = capturer.summarise(request(split, e, i, at, tags, settings));
        if (!answer.interests().isEmpty()) {
          out.add(new Simulated(at, answer));
        }
      }
      DatasetItem item = split.items().get(e.items()[i]);
      double weight = settings.weights().weightOf(e.types()[i], e.value(i));
      tags = tags.apply(settings, Instant.ofEpochMilli(t), weight, null, item.tags());
    }
    return out;
  }

  /** What the user entity would pass at {@code at}, having folded the user's events before {@code end}. */
  private CaptureRequest request(
      Split split, UserEvents e, int end, long at, InterestState tags, InterestSettings settings) {
    List<RecentItem> recent = new ArrayList<>(Math.min(end, recentEvents));
    for (int j = end - 1; j >= Math.max(0, end - recentEvents); j--) {
      DatasetItem item = split.items().get(e.items()[j]);
      recent.add(new RecentItem(
          item.itemId(), item.title(), item.tags(), e.types()[j].name().toLowerCase(Locale.ROOT), null,
          Duration.ofMillis(Math.max(0L, at - e.times()[j]))));
    }
    Instant now = Instant.ofEpochMilli(at);
    return new CaptureRequest(e.userId(), now, recent, tags.topTags(settings, now, topTags), Map.of());
  }

  /**
   * {@link #schedule} with the topics embedded by {@code text} (each distinct topic once), as text vectors: map
   * them into the item space with {@link StatedCaptures#inItemSpace}.
   */
  public StatedCaptures simulate(Split split, InterestSettings settings, TextSource text) throws IOException {
    List<List<Simulated>> schedule = schedule(split, settings);
    Set<String> topics = new LinkedHashSet<>();
    schedule.forEach(user -> user.forEach(c -> c.answer().interests().forEach(i -> topics.add(i.topic()))));
    List<String> distinct = List.copyOf(topics);
    float[][] vectors = distinct.isEmpty() ? new float[0][] : text.texts(distinct);
    Map<String, float[]> byTopic = new HashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      byTopic.put(distinct.get(i), vectors[i]);
    }
    List<List<StatedCaptures.Capture>> byUser = new ArrayList<>(schedule.size());
    for (List<Simulated> user : schedule) {
      List<StatedCaptures.Capture> mine = new ArrayList<>(user.size());
      for (Simulated c : user) {
        List<StatedInterest> interests = c.answer().interests();
        mine.add(new StatedCaptures.Capture(
            c.epochMilli(),
            interests.stream().map(i -> new StatedTopic(i.topic(), i.weight())).toList(),
            interests.stream().map(i -> byTopic.get(i.topic())).toList()));
      }
      byUser.add(mine);
    }
    return new StatedCaptures(source(), byUser);
  }
}
