package io.ebb.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Captures interests with a LangChain4j {@link ChatModel}: by default the OpenAI client, which speaks to any
 * OpenAI-compatible chat-completions server (OpenAI, vLLM, llama.cpp, LM Studio, Ollama's {@code /v1}).
 *
 * <p>The client blocks, so each call runs on a small executor of this capturer's own (daemon threads, as many as
 * {@code max-concurrent}, a queue as long): the caller's thread, an actor's, never waits. Cancelling the returned
 * future interrupts the call, which is what {@link GuardedCapturer} does on its timeout. The client makes one
 * attempt (no retries of its own: the guard decides what happens after a failure), at temperature 0.
 *
 * <p>Failures complete the stage with a {@link CaptureFailedException}: the server's 429 is {@code rate_limited},
 * a timeout {@code timeout}, an answer without a valid interest {@code malformed}, anything else (connection
 * refused, 5xx, a wrong key or model) {@code unavailable}.
 */
public final class OpenAiCapturer implements InterestCapturer {

  private final ChatModel model;
  private final String modelId;
  private final CapturePrompt prompt;
  private final CaptureParser parser;
  private final ResponseFormat responseFormat;
  private final int maxTokens;
  private final ThreadPoolExecutor executor;

  OpenAiCapturer(ChatModel model, String modelId, LlmSettings settings) {
    this.model = model;
    this.modelId = modelId;
    this.prompt = CapturePrompt.load(settings);
    this.parser = CaptureParser.from(settings);
    this.responseFormat = responseFormat(settings.responseFormat());
    this.maxTokens = settings.maxTokens();
    int threads = settings.maxConcurrent();
    this.executor = new ThreadPoolExecutor(
        threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads), daemonThreads(),
        new ThreadPoolExecutor.AbortPolicy());
    this.executor.allowCoreThreadTimeOut(true);
  }

  /** A capturer that talks to the server of {@code settings} (provider openai or ollama). */
  public static OpenAiCapturer create(LlmSettings settings) {
    if (settings.provider() == LlmSettings.Provider.NONE) {
      throw new IllegalArgumentException("provider none has no chat model");
    }
    return new OpenAiCapturer(chatModel(settings), settings.modelId(), settings);
  }

  /**
   * The LangChain4j OpenAI client for {@code settings}: the JDK HTTP client speaking HTTP/1.1 (local servers do not
   * all take the HTTP/2 upgrade), connect and read timeouts of {@code timeout}, no retries, no request logging (it
   * would log users' data).
   */
  static ChatModel chatModel(LlmSettings settings) {
    OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
        .httpClientBuilder(jdkHttp11())
        .baseUrl(settings.baseUrl())
        .apiKey(settings.apiKey().isEmpty() ? null : settings.apiKey())
        .modelName(settings.model())
        .timeout(settings.timeout())
        .maxRetries(0)
        .logRequests(false)
        .logResponses(false);
    if (settings.responseFormat() == LlmSettings.ResponseFormatMode.JSON_SCHEMA) {
      builder.supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }
    return builder.build();
  }

  /**
   * LangChain4j's JDK HTTP client on an HTTP/1.1 {@link HttpClient}. The JDK client asks a plain-http server to
   * upgrade to HTTP/2 (h2c) by default, and vLLM, LM Studio and others then drop the request body or hang.
   */
  static HttpClientBuilder jdkHttp11() {
    return new JdkHttpClientBuilder().httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
  }

  @Override
  public CompletionStage<CapturedInterests> capture(CaptureRequest request) {
    ChatRequest chatRequest = chatRequest(request);
    CompletableFuture<CapturedInterests> result = new CompletableFuture<>();
    Future<?> task;
    try {
      task = executor.submit(() -> {
        try {
          result.complete(answer(chatRequest));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new CaptureFailedException(CaptureOutcome.REJECTED, "no thread free", e));
      return result;
    }
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        task.cancel(true);
      }
    });
    return result;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  /** The version of the prompt recorded with each answer. */
  public String promptVersion() {
    return prompt.version();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  ChatRequest chatRequest(CaptureRequest request) {
    CapturePrompt.Rendered rendered = prompt.render(request);
    ChatRequest.Builder builder = ChatRequest.builder()
        .messages(SystemMessage.from(rendered.system()), UserMessage.from(rendered.user()))
        .temperature(0.0)
        .maxOutputTokens(maxTokens);
    if (responseFormat != null) {
      builder.responseFormat(responseFormat);
    }
    return builder.build();
  }

  private CapturedInterests answer(ChatRequest chatRequest) {
    ChatResponse response;
    try {
      response = model.chat(chatRequest);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    AiMessage message = response == null ? null : response.aiMessage();
    return parser.parse(message == null ? null : message.text(), modelId, prompt.version());
  }

  /** The outcome of a failed call, from the exception LangChain4j threw. */
  static CaptureFailedException failure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CaptureFailedException failed) {
        return failed;
      }
      if (t instanceof RateLimitException) {
        return new CaptureFailedException(CaptureOutcome.RATE_LIMITED, "the server answered 429", error);
      }
      if (t instanceof dev.langchain4j.exception.TimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof SocketTimeoutException
          || t instanceof InterruptedException
          || t instanceof InterruptedIOException) {
        return new CaptureFailedException(CaptureOutcome.TIMEOUT, "no answer in time", error);
      }
    }
    return new CaptureFailedException(CaptureOutcome.UNAVAILABLE, String.valueOf(error), error);
  }

  /** {@code null} for text: the request then says nothing about the format. */
  static ResponseFormat responseFormat(LlmSettings.ResponseFormatMode mode) {
    return switch (mode) {
      case JSON_OBJECT -> ResponseFormat.JSON;
      case JSON_SCHEMA -> ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(answerSchema()).build();
      case TEXT -> null;
    };
  }

  /** The answer's schema, as the system message states it (range checks are the parser's). */
  static JsonSchema answerSchema() {
    JsonObjectSchema interest = JsonObjectSchema.builder()
        .addProperty("topic", JsonStringSchema.builder().build())
        .addProperty("weight", JsonNumberSchema.builder().description("from 0.0 to 1.0").build())
        .addProperty("horizon", JsonEnumSchema.builder().enumValues("short", "long").build())
        .required("topic", "weight", "horizon")
        .additionalProperties(false)
        .build();
    JsonObjectSchema root = JsonObjectSchema.builder()
        .addProperty("interests", JsonArraySchema.builder().items(interest).build())
        .addProperty("summary", JsonStringSchema.builder().build())
        .required("interests", "summary")
        .additionalProperties(false)
        .build();
    return JsonSchema.builder().name("captured_interests").rootElement(root).build();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "ebb-llm-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public String toString() {
    return "OpenAiCapturer[" + modelId + "]";
  }
}
