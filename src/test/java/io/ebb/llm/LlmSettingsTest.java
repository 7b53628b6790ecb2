package io.ebb.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.ebb.llm.LlmSettings.Provider;
import io.ebb.llm.LlmSettings.ResponseFormatMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

  @Test
  void defaultsAreTheSummariserWithTheDocumentedBounds() {
    var s = LlmFixtures.settings(Map.of());

    assertThat(s.provider()).isEqualTo(Provider.NONE);
    assertThat(s.modelId()).isEqualTo("ebb-summariser/1");
    assertThat(s.responseFormat()).isEqualTo(ResponseFormatMode.JSON_OBJECT);
    assertThat(s.captureEvery()).isEqualTo(20);
    assertThat(s.idleAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.maxTokens()).isEqualTo(400);
    assertThat(s.maxConcurrent()).isEqualTo(4);
    assertThat(s.requestsPerMinute()).isEqualTo(60);
    assertThat(s.breakerFailures()).isEqualTo(5);
    assertThat(s.breakerOpenFor()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.maxTopics()).isEqualTo(8);
    assertThat(s.maxTopicLength()).isEqualTo(60);
    assertThat(s.maxSummaryLength()).isEqualTo(300);
    assertThat(s.maxPromptItems()).isEqualTo(50);
    assertThat(s.logInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.apiKey()).isEmpty();
  }

  @Test
  void defaultsReadsReferenceConf() {
    assertThat(LlmSettings.defaults().maxTopics()).isEqualTo(8);
  }

  @Test
  void providersBringTheirDefaultUrlAndModel() {
    var ollama = LlmFixtures.settings(Map.of("provider", "Ollama"));
    var openai = LlmFixtures.settings(Map.of("provider", "openai", "model", " my-model ",
        "base-url", "http://gpu-box:8000/v1"));

    assertThat(ollama.baseUrl()).isEqualTo("http://localhost:11434/v1");
    assertThat(ollama.model()).isEqualTo("llama3.2");
    assertThat(ollama.modelId()).isEqualTo("ollama:llama3.2");
    assertThat(openai.baseUrl()).isEqualTo("http://gpu-box:8000/v1");
    assertThat(openai.modelId()).isEqualTo("openai:my-model");
    assertThat(LlmFixtures.settings(Map.of("provider", "openai")).baseUrl()).isEqualTo("https://api.openai.com/v1");
  }

  @Test
  void theEnvironmentOverridesReferenceConf() {
    var env = ConfigFactory.parseMap(Map.of(
        "EBB_LLM_PROVIDER", "ollama", "EBB_LLM_BASE_URL", "http://10.0.0.5:11434/v1", "EBB_LLM_API_KEY", "k",
        "EBB_LLM_MODEL", "qwen2.5:7b", "EBB_LLM_CAPTURE_EVERY", "5", "EBB_LLM_IDLE_AFTER", "10m",
        "EBB_LLM_TIMEOUT", "7s", "EBB_LLM_RESPONSE_FORMAT", "json_schema"));
    // ${?ENV} substitutions look the name up at the root of the config, then in the environment
    var config = ConfigFactory.parseResources("reference.conf").withOnlyPath("ebb.llm").withFallback(env)
        .resolve(ConfigResolveOptions.noSystem());

    var s = LlmSettings.from(config.getConfig("ebb.llm"));

    assertThat(s.provider()).isEqualTo(Provider.OLLAMA);
    assertThat(s.baseUrl()).isEqualTo("http://10.0.0.5:11434/v1");
    assertThat(s.apiKey()).isEqualTo("k");
    assertThat(s.model()).isEqualTo("qwen2.5:7b");
    assertThat(s.captureEvery()).isEqualTo(5);
    assertThat(s.idleAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.responseFormat()).isEqualTo(ResponseFormatMode.JSON_SCHEMA);
  }

  @Test
  void rejectsUnknownNamesAndNonPositiveLimits() {
    assertThatThrownBy(() -> LlmFixtures.settings(Map.of("provider", "anthropic")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ebb.llm.provider").hasMessageContaining("none, openai, ollama");
    assertThatThrownBy(() -> LlmFixtures.settings(Map.of("response-format", "xml")))
        .hasMessageContaining("json_object, json_schema, text");
    assertThatThrownBy(() -> LlmFixtures.settings(Map.of("max-concurrent", 0)))
        .hasMessageContaining("ebb.llm.max-concurrent");
    assertThatThrownBy(() -> LlmFixtures.settings(Map.of("timeout", "0s"))).hasMessageContaining("ebb.llm.timeout");
  }

  @Test
  void toStringHidesTheApiKey() {
    var s = LlmFixtures.settings(Map.of("provider", "openai", "api-key", "sk-secret-value"));

    assertThat(s.toString()).doesNotContain("sk-secret-value").contains("apiKey=(hidden)", "provider=openai");
  }
}
