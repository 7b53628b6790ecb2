package io.ebb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client over the JDK's {@link WebSocket}: text messages are collected whole into a queue. Opened with
 * {@code reading = false} it reads nothing until {@link #startReading()}, so the server's answers back up in TCP.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final boolean reading;
  private volatile WebSocket socket;

  private WsClient(boolean reading) {
    this.reading = reading;
  }

  public static WsClient open(int port, String pathAndQuery, boolean reading) {
    WsClient client = new WsClient(reading);
    HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), client)
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
    return client;
  }

  public static WsClient open(int port, String pathAndQuery) {
    return open(port, pathAndQuery, true);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    this.socket = webSocket;
    if (reading) {
      webSocket.request(1);
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  /** Sends one text frame and waits until the client has handed it to TCP (which waits when the server does). */
  public void send(String text) {
    socket.sendText(text, true).orTimeout(60, TimeUnit.SECONDS).join();
  }

  public CompletableFuture<WebSocket> sendAsync(String text) {
    return socket.sendText(text, true);
  }

  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** For a client opened without reading: from now on it reads everything. */
  public void startReading() {
    socket.request(1);
  }

  /** The next text message, or null after {@code timeout}. */
  public String nextText(Duration timeout) {
    try {
      return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next message as JSON; fails after {@code timeout}. */
  public JsonNode next(Duration timeout) {
    String text = nextText(timeout);
    if (text == null) {
      throw new AssertionError("no WebSocket message within " + timeout + (closed.isDone() ? " (closed)" : ""));
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  public boolean isOpen() {
    return !closed.isDone() && !socket.isInputClosed() && !socket.isOutputClosed();
  }

  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    if (socket != null) {
      socket.abort();
    }
  }
}
