package io.ebb.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions server on loopback: answers {@code POST /v1/chat/completions} with what
 * the test scripts, in the OpenAI response shape, and keeps every request it received.
 */
final class FakeChatServer implements AutoCloseable {

  /** What the server answers: a status and a body, or nothing until the server closes (a hung model). */
  record Reply(int status, String body, boolean hangs) {

    /** A 200 whose assistant message is {@code content}. */
    static Reply content(String content) {
      ObjectNode body = MAPPER.createObjectNode()
          .put("id", "chatcmpl-test")
          .put("object", "chat.completion")
          .put("created", 1_790_000_000L)
          .put("model", "test-model");
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", content);
      choice.put("finish_reason", "stop");
      body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
      return new Reply(200, body.toString(), false);
    }

    static Reply status(int status, String body) {
      return new Reply(status, body, false);
    }

    static Reply hanging() {
      return new Reply(0, "", true);
    }
  }

  /** One request as received. */
  record Received(String method, String path, Headers headers, JsonNode body) {

    String systemMessage() {
      return message("system");
    }

    String userMessage() {
      return message("user");
    }

    private String message(String role) {
      for (JsonNode m : body.get("messages")) {
        if (role.equals(m.get("role").asText())) {
          return m.get("content").asText();
        }
      }
      throw new AssertionError("no " + role + " message in " + body);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<Received, Reply> replies = r -> Reply.content("{}");

  FakeChatServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** The base URL to give the client, e.g. {@code http://127.0.0.1:40123/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  FakeChatServer answering(Function<Received, Reply> replies) {
    this.replies = replies;
    return this;
  }

  FakeChatServer answering(Reply reply) {
    return answering(r -> reply);
  }

  /** Forgets the requests received and answers "{}" again, for a server shared by the tests of a class. */
  void reset() {
    received.clear();
    replies = r -> Reply.content("{}");
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  Received lastRequest() {
    if (received.isEmpty()) {
      throw new AssertionError("the server received no request");
    }
    return received.get(received.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders(), raw.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(raw));
      received.add(request);
      Reply reply = replies.apply(request);
      if (reply.hangs()) {
        closing.await(30, TimeUnit.SECONDS);
        return;
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
