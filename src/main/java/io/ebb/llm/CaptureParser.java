package io.ebb.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's answer into {@link CapturedInterests}, trusting nothing in it.
 *
 * <p>The answer must hold one JSON object {@code {"interests": [{"topic", "weight", "horizon"}], "summary"}}. It
 * may be wrapped in a Markdown fence or surrounded by prose (small local models do both); the object is then taken
 * from the first {@code {} to the last {@code }}. Each interest is checked on its own, and a bad one is dropped
 * rather than failing the whole answer:
 *
 * <ul>
 *   <li>{@code topic}: a JSON string; control and format characters removed, blanks collapsed, stripped; dropped if
 *       empty. A topic longer than {@code maxTopicLength} is <em>truncated</em>, not dropped: a model that is
 *       verbose about a real interest still names it, and the cut keeps storage and later prompts bounded.
 *   <li>{@code weight}: a JSON number within [0, 1]; anything else (a string, NaN, 1.5) drops the interest, since
 *       clamping would invent a weight the model did not state.
 *   <li>{@code horizon}: {@code "short"} or {@code "long"}; missing or anything else reads as short, the cautious
 *       choice (a short interest fades fast if it was wrong).
 *   <li>Topics equal but for case are one interest, with the higher weight; the {@code maxTopics} highest weights
 *       are kept (the model's order breaks ties).
 * </ul>
 *
 * <p>The summary is cleaned the same way and cut to {@code maxSummaryLength}; a missing or non-string summary is
 * empty. An answer that is not JSON, has no {@code interests} array, or has no valid interest at all fails with a
 * {@link MalformedAnswerException}.
 */
public final class CaptureParser {

  /** Longer answers are not parsed at all: no sane answer to the prompt comes near this. */
  static final int MAX_ANSWER_CHARS = 64 * 1024;

  private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\s*(.*?)```", Pattern.DOTALL);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final int maxTopics;
  private final int maxTopicLength;
  private final int maxSummaryLength;

  public CaptureParser(int maxTopics, int maxTopicLength, int maxSummaryLength) {
    if (maxTopics <= 0 || maxTopicLength <= 0 || maxSummaryLength <= 0) {
      throw new IllegalArgumentException("bounds must be positive");
    }
    this.maxTopics = maxTopics;
    this.maxTopicLength = maxTopicLength;
    this.maxSummaryLength = maxSummaryLength;
  }

  public static CaptureParser from(LlmSettings settings) {
    return new CaptureParser(settings.maxTopics(), settings.maxTopicLength(), settings.maxSummaryLength());
  }

  /**
   * The interests stated in {@code answer}, labelled with {@code modelId} and {@code promptVersion}.
   *
   * @throws MalformedAnswerException if the answer holds no valid interest in the expected schema
   */
  public CapturedInterests parse(String answer, String modelId, String promptVersion) {
    JsonNode root = readObject(answer);
    JsonNode items = root.get("interests");
    if (items == null || !items.isArray()) {
      throw new MalformedAnswerException("no \"interests\" array in the answer: " + excerpt(answer));
    }
    Map<String, StatedInterest> byTopic = new LinkedHashMap<>();
    for (JsonNode item : items) {
      StatedInterest interest = interest(item);
      if (interest != null) {
        byTopic.merge(interest.topic().toLowerCase(Locale.ROOT), interest,
            (a, b) -> b.weight() > a.weight() ? b : a);
      }
    }
    if (byTopic.isEmpty()) {
      throw new MalformedAnswerException("no valid interest in the answer: " + excerpt(answer));
    }
    List<StatedInterest> interests = new ArrayList<>(byTopic.values());
    interests.sort(Comparator.comparingDouble(StatedInterest::weight).reversed()); // stable: ties keep model order
    JsonNode summary = root.get("summary");
    String text = summary != null && summary.isTextual() ? Text.clean(summary.textValue(), maxSummaryLength) : "";
    return new CapturedInterests(
        List.copyOf(interests.subList(0, Math.min(maxTopics, interests.size()))), text, modelId, promptVersion);
  }

  private StatedInterest interest(JsonNode item) {
    if (!item.isObject()) {
      return null;
    }
    JsonNode topicNode = item.get("topic");
    JsonNode weightNode = item.get("weight");
    if (topicNode == null || !topicNode.isTextual() || weightNode == null || !weightNode.isNumber()) {
      return null;
    }
    String topic = Text.clean(topicNode.textValue(), maxTopicLength);
    double weight = weightNode.doubleValue();
    if (topic.isEmpty() || !(weight >= 0 && weight <= 1)) {
      return null;
    }
    JsonNode horizonNode = item.get("horizon");
    Horizon horizon = horizonNode != null && horizonNode.isTextual()
        ? Horizon.parse(horizonNode.textValue()).orElse(Horizon.SHORT)
        : Horizon.SHORT;
    return new StatedInterest(topic, weight, horizon);
  }

  private static JsonNode readObject(String answer) {
    if (answer == null || answer.isBlank()) {
      throw new MalformedAnswerException("empty answer");
    }
    if (answer.length() > MAX_ANSWER_CHARS) {
      throw new MalformedAnswerException("answer of " + answer.length() + " characters is too long");
    }
    String json = jsonPart(answer);
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new MalformedAnswerException("the answer is not a JSON object: " + excerpt(answer));
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new MalformedAnswerException("the answer is not valid JSON: " + excerpt(answer), e);
    }
  }

  /** The object in a fenced block if there is one, else from the first '{' to the last '}'. */
  private static String jsonPart(String answer) {
    String text = answer.strip();
    Matcher fence = FENCE.matcher(text);
    if (fence.find()) {
      text = fence.group(1).strip();
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    return start >= 0 && end > start ? text.substring(start, end + 1) : text;
  }

  /** A short, single-line piece of the answer for error messages and logs. */
  static String excerpt(String answer) {
    String oneLine = Text.clean(answer, Integer.MAX_VALUE);
    return "\"" + Text.truncate(oneLine, 120) + (oneLine.length() > 120 ? "…\"" : "\"");
  }
}
