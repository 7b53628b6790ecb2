package io.ebb.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebb.interest.TagWeight;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versioned prompt of {@code llm/capture-prompt-*.txt}, rendered for one request.
 *
 * <p>Instructions and data never mix: the system message is the file's system section with only numbers from the
 * settings filled in; everything about the user (titles, tags, context) goes into the user message as one JSON
 * block between {@code <data>} and {@code </data>}, escaped by Jackson with {@code <} and {@code >} written as
 * {@code \u003c} and {@code \u003e}, so no title can close the block or open another. Whatever a title says, the
 * schema stated in the system message stands, and {@link CaptureParser} enforces it on the answer anyway.
 *
 * <p>The data is bounded ({@link #MAX_TITLE} characters a title, {@link #MAX_TAGS} tags an item, and so on) so a
 * long history or a hostile item cannot blow up the request.
 */
final class CapturePrompt {

  static final String DEFAULT_RESOURCE = "llm/capture-prompt-v1.txt";
  static final int MAX_TITLE = 200;
  static final int MAX_TAGS = 10;
  static final int MAX_TAG = 50;
  static final int MAX_TOP_TAGS = 20;
  static final int MAX_CONTEXT_ENTRIES = 20;
  static final int MAX_CONTEXT_KEY = 40;
  static final int MAX_CONTEXT_VALUE = 100;

  private static final Pattern VERSION = Pattern.compile("(?m)^version:\\s*(\\S+)\\s*$");
  private static final String SYSTEM_SECTION = "=== system ===";
  private static final String USER_SECTION = "=== user ===";
  private static final String DATA = "{{data}}";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter WRITER = MAPPER.writer().with(new AngleBracketEscapes()).withDefaultPrettyPrinter();

  /** The two messages of one request. */
  record Rendered(String system, String user) {}

  private final String version;
  private final String system;
  private final String userTemplate;
  private final int maxItems;

  private CapturePrompt(String version, String system, String userTemplate, int maxItems) {
    this.version = version;
    this.system = system;
    this.userTemplate = userTemplate;
    this.maxItems = maxItems;
  }

  /** The prompt of the default resource with the bounds of {@code settings} filled in. */
  static CapturePrompt load(LlmSettings settings) {
    return load(DEFAULT_RESOURCE, settings);
  }

  static CapturePrompt load(String resource, LlmSettings settings) {
    try (InputStream in = CapturePrompt.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("prompt resource " + resource + " is missing");
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt resource " + resource, e);
    }
  }

  static CapturePrompt parse(String name, String text, LlmSettings settings) {
    text = text.replace("\r\n", "\n");
    int systemAt = text.indexOf(SYSTEM_SECTION);
    int userAt = text.indexOf(USER_SECTION);
    if (systemAt < 0 || userAt < systemAt) {
      throw new IllegalStateException(name + ": needs a '" + SYSTEM_SECTION + "' then a '" + USER_SECTION + "' line");
    }
    Matcher version = VERSION.matcher(text.substring(0, systemAt));
    if (!version.find()) {
      throw new IllegalStateException(name + ": needs a 'version: ...' line before the sections");
    }
    String system = text.substring(systemAt + SYSTEM_SECTION.length(), userAt).strip()
        .replace("{{maxTopics}}", Integer.toString(settings.maxTopics()))
        .replace("{{maxTopicLength}}", Integer.toString(settings.maxTopicLength()))
        .replace("{{maxSummaryLength}}", Integer.toString(settings.maxSummaryLength()));
    String user = text.substring(userAt + USER_SECTION.length()).strip();
    if (system.contains("{{") || !user.contains(DATA) || user.indexOf(DATA) != user.lastIndexOf(DATA)) {
      throw new IllegalStateException(name + ": the system section may only use the settings placeholders, and the "
          + "user section must hold " + DATA + " once");
    }
    return new CapturePrompt(version.group(1), system, user, settings.maxPromptItems());
  }

  /** The version recorded with every answer, e.g. {@code v1}. */
  String version() {
    return version;
  }

  /** The system message: task and output schema, the same for every request. */
  String system() {
    return system;
  }

  Rendered render(CaptureRequest request) {
    int at = userTemplate.indexOf(DATA);
    String user = userTemplate.substring(0, at) + dataJson(request) + userTemplate.substring(at + DATA.length());
    return new Rendered(system, user);
  }

  /** The user's data as the escaped JSON block that goes between the data tags. */
  String dataJson(CaptureRequest request) {
    ObjectNode data = MAPPER.createObjectNode();
    data.put("now", request.now().toString());
    data.set("context", context(request));
    ArrayNode events = data.putArray("recentEvents");
    request.recent().stream()
        .sorted(Comparator.comparing(RecentItem::ago))
        .limit(maxItems)
        .forEach(item -> {
          ObjectNode e = events.addObject();
          e.put("title", Text.clean(item.label(), MAX_TITLE));
          ArrayNode tags = e.putArray("tags");
          item.tags().stream().map(t -> Text.clean(t, MAX_TAG)).filter(t -> !t.isEmpty()).limit(MAX_TAGS)
              .forEach(tags::add);
          e.put("event", Text.clean(item.eventType(), MAX_TAG));
          if (item.value() != null && Double.isFinite(item.value())) {
            e.put("value", item.value());
          }
          e.put("ago", ago(item.ago()));
        });
    ArrayNode tags = data.putArray("topTags");
    request.topTags().stream()
        .filter(t -> Double.isFinite(t.weight()))
        .sorted(Comparator.comparingDouble((TagWeight t) -> -Math.abs(t.weight())))
        .limit(MAX_TOP_TAGS)
        .forEach(t -> {
          String tag = Text.clean(t.tag(), MAX_TAG);
          if (!tag.isEmpty()) {
            tags.addObject().put("tag", tag).put("weight", Math.round(t.weight() * 100) / 100.0);
          }
        });
    try {
      return WRITER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the prompt data", e);
    }
  }

  /**
   * The request's context, bounded, plus {@code weekday} and {@code timeOfDay} derived from {@code now} in UTC
   * when the caller did not give them (a caller that knows the user's time zone should).
   */
  private static ObjectNode context(CaptureRequest request) {
    ObjectNode context = MAPPER.createObjectNode();
    request.context().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .limit(MAX_CONTEXT_ENTRIES)
        .forEach(e -> {
          String key = Text.clean(e.getKey(), MAX_CONTEXT_KEY);
          String value = Text.clean(e.getValue(), MAX_CONTEXT_VALUE);
          if (!key.isEmpty() && !value.isEmpty()) {
            context.put(key, value);
          }
        });
    ZonedDateTime utc = request.now().atZone(ZoneOffset.UTC);
    if (!context.has("weekday")) {
      context.put("weekday", weekday(utc.getDayOfWeek()));
    }
    if (!context.has("timeOfDay")) {
      context.put("timeOfDay", timeOfDay(utc.getHour()));
    }
    return context;
  }

  static String weekday(DayOfWeek day) {
    return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }

  static String timeOfDay(int hour) {
    if (hour < 5) {
      return "night";
    } else if (hour < 12) {
      return "morning";
    } else if (hour < 17) {
      return "afternoon";
    } else if (hour < 22) {
      return "evening";
    }
    return "night";
  }

  /** A compact age in its largest whole unit: {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}. */
  static String ago(Duration ago) {
    long seconds = Math.max(0, ago.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    } else if (seconds < 3600) {
      return seconds / 60 + "m";
    } else if (seconds < 86_400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86_400 + "d";
  }

  /** Writes {@code <} and {@code >} as unicode escapes, so the data cannot contain the tags around it. */
  private static final class AngleBracketEscapes extends CharacterEscapes {
    private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

    AngleBracketEscapes() {
      escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
