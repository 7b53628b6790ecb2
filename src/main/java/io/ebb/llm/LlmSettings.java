package io.ebb.llm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Interest capture settings, from {@code ebb.llm} (every key is documented in {@code reference.conf}).
 *
 * <p>{@link #baseUrl} and {@link #model} are already resolved: blank in config means the provider's default.
 * {@link #toString} hides the API key, so the settings can be logged.
 *
 * @param captureEvery events between two captures of an active user (used by the user entity)
 * @param idleAfter a user with no event for this long has ended a session (used by the user entity)
 * @param timeout the longest a capture may take, waiting for a thread included
 * @param maxTokens the most tokens the model may answer with
 * @param maxConcurrent captures in flight at once on this node; more are rejected at once
 * @param requestsPerMinute captures started per minute on this node; more are rate-limited at once
 * @param breakerFailures consecutive failures that open the circuit breaker
 * @param breakerOpenFor how long the open breaker refuses before it lets one probe through
 * @param maxPromptItems recent items put into a prompt at most (the most recent ones)
 * @param logInterval failures of one kind are logged at most once per interval, with the count suppressed since
 */
public record LlmSettings(
    Provider provider,
    String baseUrl,
    String apiKey,
    String model,
    ResponseFormatMode responseFormat,
    int captureEvery,
    Duration idleAfter,
    Duration timeout,
    int maxTokens,
    int maxConcurrent,
    int requestsPerMinute,
    int breakerFailures,
    Duration breakerOpenFor,
    int maxTopics,
    int maxTopicLength,
    int maxSummaryLength,
    int maxPromptItems,
    Duration logInterval) {

  /** Where interests come from. */
  public enum Provider {
    /** No LLM: the deterministic summariser of top tags and recent titles. */
    NONE("", ""),
    /** Any OpenAI-compatible chat-completions server: OpenAI itself, vLLM, llama.cpp, LM Studio... */
    OPENAI("https://api.openai.com/v1", "gpt-4o-mini"),
    /** Ollama, through its OpenAI-compatible {@code /v1} endpoint. */
    OLLAMA("http://localhost:11434/v1", "llama3.2");

    private final String defaultBaseUrl;
    private final String defaultModel;

    Provider(String defaultBaseUrl, String defaultModel) {
      this.defaultBaseUrl = defaultBaseUrl;
      this.defaultModel = defaultModel;
    }

    public String defaultBaseUrl() {
      return defaultBaseUrl;
    }

    public String defaultModel() {
      return defaultModel;
    }

    /** The config spelling: {@code none}, {@code openai}, {@code ollama}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Provider parse(String name) {
      return parseEnum(Provider.class, name, "ebb.llm.provider");
    }
  }

  /**
   * How the model is told to answer in JSON. {@code json_object} is what most servers support; {@code json_schema}
   * also sends the schema (OpenAI, vLLM, llama.cpp and LM Studio constrain the output with it; some servers refuse
   * the request); {@code text} sends neither, for servers that support neither. The answer is validated the same
   * way whatever the mode.
   */
  public enum ResponseFormatMode {
    JSON_OBJECT,
    JSON_SCHEMA,
    TEXT;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static ResponseFormatMode parse(String name) {
      return parseEnum(ResponseFormatMode.class, name, "ebb.llm.response-format");
    }
  }

  public LlmSettings {
    requirePositive(captureEvery, "capture-every");
    requirePositive(maxTokens, "max-tokens");
    requirePositive(maxConcurrent, "max-concurrent");
    requirePositive(requestsPerMinute, "requests-per-minute");
    requirePositive(breakerFailures, "breaker.failures");
    requirePositive(maxTopics, "max-topics");
    requirePositive(maxTopicLength, "max-topic-length");
    requirePositive(maxSummaryLength, "max-summary-length");
    requirePositive(maxPromptItems, "max-prompt-items");
    requirePositive(idleAfter, "idle-after");
    requirePositive(timeout, "timeout");
    requirePositive(breakerOpenFor, "breaker.open-for");
    requirePositive(logInterval, "log-interval");
    baseUrl = baseUrl == null || baseUrl.isBlank() ? provider.defaultBaseUrl() : baseUrl.strip();
    model = model == null || model.isBlank() ? provider.defaultModel() : model.strip();
    apiKey = apiKey == null ? "" : apiKey.strip();
  }

  /** The settings in {@code ebbLlm}, the {@code ebb.llm} section of the config. */
  public static LlmSettings from(Config ebbLlm) {
    return new LlmSettings(
        Provider.parse(ebbLlm.getString("provider")),
        ebbLlm.getString("base-url"),
        ebbLlm.getString("api-key"),
        ebbLlm.getString("model"),
        ResponseFormatMode.parse(ebbLlm.getString("response-format")),
        ebbLlm.getInt("capture-every"),
        ebbLlm.getDuration("idle-after"),
        ebbLlm.getDuration("timeout"),
        ebbLlm.getInt("max-tokens"),
        ebbLlm.getInt("max-concurrent"),
        ebbLlm.getInt("requests-per-minute"),
        ebbLlm.getInt("breaker.failures"),
        ebbLlm.getDuration("breaker.open-for"),
        ebbLlm.getInt("max-topics"),
        ebbLlm.getInt("max-topic-length"),
        ebbLlm.getInt("max-summary-length"),
        ebbLlm.getInt("max-prompt-items"),
        ebbLlm.getDuration("log-interval"));
  }

  /** The defaults of {@code reference.conf} (environment overrides included). */
  public static LlmSettings defaults() {
    return from(ConfigFactory.defaultReference().getConfig("ebb.llm"));
  }

  /** A stable name for the model behind the answers: {@code provider:model}, e.g. {@code ollama:llama3.2}. */
  public String modelId() {
    return provider == Provider.NONE ? SummaryCapturer.MODEL_ID : provider.configName() + ":" + model;
  }

  public LlmSettings withResponseFormat(ResponseFormatMode mode) {
    return new LlmSettings(
        provider, baseUrl, apiKey, model, mode, captureEvery, idleAfter, timeout, maxTokens, maxConcurrent,
        requestsPerMinute, breakerFailures, breakerOpenFor, maxTopics, maxTopicLength, maxSummaryLength,
        maxPromptItems, logInterval);
  }

  public LlmSettings withTimeout(Duration newTimeout) {
    return new LlmSettings(
        provider, baseUrl, apiKey, model, responseFormat, captureEvery, idleAfter, newTimeout, maxTokens,
        maxConcurrent, requestsPerMinute, breakerFailures, breakerOpenFor, maxTopics, maxTopicLength,
        maxSummaryLength, maxPromptItems, logInterval);
  }

  @Override
  public String toString() {
    return "LlmSettings[provider=" + provider.configName() + ", baseUrl=" + baseUrl + ", apiKey="
        + (apiKey.isEmpty() ? "(none)" : "(hidden)") + ", model=" + model + ", responseFormat="
        + responseFormat.configName() + ", captureEvery=" + captureEvery + ", idleAfter=" + idleAfter
        + ", timeout=" + timeout + ", maxTokens=" + maxTokens + ", maxConcurrent=" + maxConcurrent
        + ", requestsPerMinute=" + requestsPerMinute + ", breakerFailures=" + breakerFailures
        + ", breakerOpenFor=" + breakerOpenFor + ", maxTopics=" + maxTopics + ", maxTopicLength=" + maxTopicLength
        + ", maxSummaryLength=" + maxSummaryLength + ", maxPromptItems=" + maxPromptItems + ", logInterval="
        + logInterval + "]";
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String key) {
    String wanted = name == null ? "" : name.strip();
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(wanted)) {
        return value;
      }
    }
    String valid = Arrays.stream(type.getEnumConstants())
        .map(v -> v.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(key + ": unknown value '" + name + "'; valid values: " + valid);
  }

  private static void requirePositive(int value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException("ebb.llm." + key + " must be positive, got " + value);
    }
  }

  private static void requirePositive(Duration value, String key) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("ebb.llm." + key + " must be a positive duration, got " + value);
    }
  }
}
