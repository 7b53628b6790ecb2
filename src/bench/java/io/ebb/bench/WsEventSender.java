package io.ebb.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /ws/v1/events} over {@code sockets} WebSockets, one event per text frame, each socket with at most
 * {@code window} frames awaiting their answer. The service answers a socket's frames in the order sent, so each
 * socket keeps its unanswered frames in a FIFO and checks that every answer carries the eventId at its head.
 *
 * <p>{@code java.net.http}'s WebSocket rather than Pekko HTTP's: against the same server it took about a fifth of
 * the client CPU per event (a frame is one call on a socket; Pekko's client runs a stream stage per frame).
 */
final class WsEventSender implements EventSender {

  private final int window;
  private final EventBodies bodies;
  private final Answers answers;
  private final List<Socket> sockets = new ArrayList<>();
  private final ExecutorService executor;
  private int next;

  WsEventSender(URI base, int sockets, int window, Duration timeout, EventBodies bodies, Answers answers)
      throws Exception {
    this.window = window;
    this.bodies = bodies;
    this.answers = answers;
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "bench-ws");
      t.setDaemon(true);
      return t;
    });
    HttpClient http = HttpClient.newBuilder().executor(executor).connectTimeout(timeout).build();
    String scheme = base.getScheme().equals("https") ? "wss" : "ws";
    URI uri = URI.create(scheme + "://" + base.getRawAuthority() + "/ws/v1/events");
    for (int i = 0; i < sockets; i++) {
      Socket socket = new Socket();
      socket.ws = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, socket)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      this.sockets.add(socket);
    }
  }

  /**
   * One open socket. {@link WebSocket} allows one send at a time, so frames wait in {@code outbox} and each
   * completed send starts the next; answers arrive on the listener, possibly in parts.
   */
  private final class Socket implements WebSocket.Listener {
    final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    final AtomicBoolean sending = new AtomicBoolean();
    final AtomicInteger inFlight = new AtomicInteger();
    final StringBuilder partial = new StringBuilder();
    volatile WebSocket ws;

    void enqueue(String frame) {
      outbox.add(frame);
      pump();
    }

    private void pump() {
      while (!outbox.isEmpty() && sending.compareAndSet(false, true)) {
        String frame = outbox.poll();
        if (frame == null) {
          sending.set(false);
          continue;
        }
        ws.sendText(frame, true).whenComplete((w, failure) -> {
          sending.set(false);
          if (failure != null) {
            ended("ws failed: " + Failures.of(failure));
          } else {
            pump();
          }
        });
        return;
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (!last || partial.length() > 0) {
        partial.append(data);
      }
      if (last) {
        String text = partial.length() > 0 ? partial.toString() : data.toString();
        partial.setLength(0);
        answer(text);
      }
      webSocket.request(1);
      return null;
    }

    private void answer(String text) {
      Pending request = waiting.poll();
      if (request == null) {
        return; // an answer to no frame: the service broke the one-answer-per-frame contract; nothing to count it on
      }
      inFlight.decrementAndGet();
      String expected = bodies.eventId(request.firstSequence());
      if (!expected.equals(Json.textField(text, "eventId"))) {
        answers.failed(request, "ws answer out of order");
      } else if (Json.isTrue(text, "accepted")) {
        answers.accepted(request, 1, Json.isTrue(text, "duplicate") ? 1 : 0);
      } else {
        String code = Json.textField(text, "error");
        answers.failed(request, "ws " + (code == null ? "error" : code));
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ended("ws closed by server (" + statusCode + ")");
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended("ws failed: " + Failures.of(error));
    }

    /** The socket ended: whatever it still awaited is lost. */
    void ended(String kind) {
      for (Pending p = waiting.poll(); p != null; p = waiting.poll()) {
        inFlight.decrementAndGet();
        answers.failed(p, kind);
      }
    }
  }

  @Override
  public int capacity() {
    return sockets.size() * window;
  }

  @Override
  public String describe() {
    return "/ws/v1/events over " + sockets.size() + " WebSockets, at most " + window + " unanswered frames each";
  }

  /** To the next socket, round robin, that has room in its window (the caller keeps the total under capacity). */
  @Override
  public void send(byte[] body, Pending request) {
    for (int tried = 0; tried < sockets.size(); tried++) {
      Socket socket = sockets.get(next);
      next = (next + 1) % sockets.size();
      if (socket.inFlight.get() < window) {
        socket.inFlight.incrementAndGet();
        socket.waiting.add(request);
        socket.enqueue(new String(body, StandardCharsets.ISO_8859_1));
        return;
      }
    }
    answers.failed(request, "client windows full");
  }

  @Override
  public void close() {
    for (Socket s : sockets) {
      s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    executor.shutdown();
  }
}
