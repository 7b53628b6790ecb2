package io.ebb.llm;

import io.ebb.interest.TagWeight;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The capturer when no LLM is configured: states the user's top decayed tags, deterministically (the same request
 * always gives the same answer), at once, on the caller's thread.
 *
 * <ul>
 *   <li>Interests: the tags of positive weight, strongest first (ties by name), at most {@code maxTopics}, each
 *       weight divided by the strongest, so the first is 1.0.
 *   <li>Horizon: the top tags are decayed over the whole history, so the strongest ones, those that together carry
 *       at least half of the listed weight, are {@link Horizon#LONG}; the rest {@link Horizon#SHORT}.
 *   <li>A user without positive tags gets the tags of the recent items instead, by how many of them carry each,
 *       all short.
 *   <li>Summary: {@code "Recently: Heat, Ronin; mostly crime, thriller"} — the three latest distinct titles, then
 *       the long-horizon tags (at most three).
 * </ul>
 */
public final class SummaryCapturer implements InterestCapturer {

  /** Names the algorithm; bump it when the answer for a given request changes. */
  public static final String MODEL_ID = "ebb-summariser/1";
  /** The summariser has no prompt. */
  public static final String PROMPT_VERSION = "none";

  private static final int SUMMARY_TITLES = 3;
  private static final int SUMMARY_TAGS = 3;
  private static final int TITLE_LENGTH = 60;

  private final int maxTopics;
  private final int maxTopicLength;
  private final int maxSummaryLength;

  public SummaryCapturer(int maxTopics, int maxTopicLength, int maxSummaryLength) {
    if (maxTopics <= 0 || maxTopicLength <= 0 || maxSummaryLength <= 0) {
      throw new IllegalArgumentException("bounds must be positive");
    }
    this.maxTopics = maxTopics;
    this.maxTopicLength = maxTopicLength;
    this.maxSummaryLength = maxSummaryLength;
  }

  public static SummaryCapturer from(LlmSettings settings) {
    return new SummaryCapturer(settings.maxTopics(), settings.maxTopicLength(), settings.maxSummaryLength());
  }

  @Override
  public CompletionStage<CapturedInterests> capture(CaptureRequest request) {
    return CompletableFuture.completedFuture(summarise(request));
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  /** The answer for {@code request}, computed on the calling thread. */
  public CapturedInterests summarise(CaptureRequest request) {
    List<StatedInterest> interests = fromTopTags(request.topTags());
    if (interests.isEmpty()) {
      interests = fromRecentTags(request.recent());
    }
    return new CapturedInterests(interests, summary(request, interests), MODEL_ID, PROMPT_VERSION);
  }

  private List<StatedInterest> fromTopTags(List<TagWeight> topTags) {
    Map<String, Double> weights = new LinkedHashMap<>();
    for (TagWeight t : topTags) {
      String tag = Text.clean(t.tag(), maxTopicLength);
      if (!tag.isEmpty() && t.weight() > 0 && Double.isFinite(t.weight())) {
        weights.merge(tag, t.weight(), Math::max);
      }
    }
    List<Map.Entry<String, Double>> top = strongestFirst(weights);
    if (top.isEmpty()) {
      return List.of();
    }
    double strongest = top.get(0).getValue();
    double total = top.stream().mapToDouble(Map.Entry::getValue).sum();
    List<StatedInterest> interests = new ArrayList<>(top.size());
    double before = 0;
    for (Map.Entry<String, Double> e : top) {
      Horizon horizon = before < total / 2 ? Horizon.LONG : Horizon.SHORT; // the tags that carry the first half
      interests.add(new StatedInterest(e.getKey(), round(e.getValue() / strongest), horizon));
      before += e.getValue();
    }
    return List.copyOf(interests);
  }

  private List<StatedInterest> fromRecentTags(List<RecentItem> recent) {
    Map<String, Double> counts = new LinkedHashMap<>();
    for (RecentItem item : recent) {
      Set<String> tags = new LinkedHashSet<>(); // an item counts once per tag
      item.tags().forEach(t -> tags.add(Text.clean(t, maxTopicLength)));
      tags.stream().filter(t -> !t.isEmpty()).forEach(t -> counts.merge(t, 1.0, Double::sum));
    }
    List<Map.Entry<String, Double>> top = strongestFirst(counts);
    if (top.isEmpty()) {
      return List.of();
    }
    double most = top.get(0).getValue();
    return top.stream()
        .map(e -> new StatedInterest(e.getKey(), round(e.getValue() / most), Horizon.SHORT))
        .toList();
  }

  private List<Map.Entry<String, Double>> strongestFirst(Map<String, Double> weights) {
    return weights.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(maxTopics)
        .toList();
  }

  private String summary(CaptureRequest request, List<StatedInterest> interests) {
    Set<String> titles = new LinkedHashSet<>();
    request.recent().stream()
        .sorted(Comparator.comparing(RecentItem::ago)) // stable: equal ages keep the caller's order
        .map(item -> Text.clean(item.label(), TITLE_LENGTH))
        .filter(title -> !title.isEmpty())
        .forEach(title -> {
          if (titles.size() < SUMMARY_TITLES) {
            titles.add(title);
          }
        });
    List<String> mostly = interests.stream()
        .filter(i -> i.horizon() == Horizon.LONG)
        .limit(SUMMARY_TAGS)
        .map(StatedInterest::topic)
        .toList();
    List<String> parts = new ArrayList<>(2);
    if (!titles.isEmpty()) {
      parts.add("Recently: " + String.join(", ", titles));
    }
    if (!mostly.isEmpty()) {
      parts.add((parts.isEmpty() ? "Mostly " : "mostly ") + String.join(", ", mostly));
    }
    String summary = parts.isEmpty() ? "No recent activity" : String.join("; ", parts);
    return Text.truncate(summary, maxSummaryLength);
  }

  private static double round(double weight) {
    return Math.round(weight * 1000) / 1000.0;
  }

  @Override
  public String toString() {
    return "SummaryCapturer[" + MODEL_ID + "]";
  }
}
