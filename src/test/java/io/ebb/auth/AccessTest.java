package io.ebb.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access (API keys, scopes, rates) over real HTTP and WebSockets, against a node with a temporary keys file. */
class AccessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RELOAD = Duration.ofMillis(200);
  private static final String READ = ApiKey.newSecret();
  private static final String WRITE = ApiKey.newSecret();
  private static final String ADMIN = ApiKey.newSecret();
  private static final String SLOW = ApiKey.newSecret();

  @TempDir static Path dir;
  private static Path keysFile;
  private static EbbNode node;
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String error() {
      return body == null ? null : body.path("error").asText();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    keysFile = dir.resolve("api-keys");
    Files.writeString(
        keysFile,
        String.join(
            "\n",
            "# keys of the test",
            "reader read " + ApiKey.hashOf(READ),
            "writer write " + ApiKey.hashOf(WRITE),
            "ops admin " + ApiKey.hashOf(ADMIN),
            "slow read " + ApiKey.hashOf(SLOW) + " 5",
            ""));
    node =
        TestNode.start(
            Map.of("ebb.auth.keys-file", keysFile.toString(), "ebb.auth.reload-interval", RELOAD.toMillis() + "ms"));
    assertThat(send("PUT", "/v1/items/acc-m-1", ADMIN, item("Heat")).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String item(String title) {
    return "{\"title\": \"" + title + "\", \"tags\": [\"crime\"]}";
  }

  private static String event(String userId) {
    return "{\"userId\": \"" + userId + "\", \"itemId\": \"acc-m-1\", \"type\": \"view\"}";
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Answer send(String method, String path, String key, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
      return new Answer(r.statusCode(), json && !r.body().isEmpty() ? JSON.readTree(r.body()) : null, r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Answer get(String path, String key) {
    return send("GET", path, key, null);
  }

  private static void assertDenied(Answer answer, int status, String error) {
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
    assertThat(answer.error()).isEqualTo(error);
    assertThat(answer.body().path("message").asText()).isNotBlank();
  }

  @Test
  void withoutAKeyTheApiAnswers401WhileHealthStaysOpen() {
    for (String[] request : new String[][] {
        {"GET", "/v1/items/acc-m-1"}, {"GET", "/v1/users/u-1/recommendations"}, {"POST", "/v1/events"},
        {"PUT", "/v1/items/acc-m-2"}, {"DELETE", "/v1/users/u-1"}, {"GET", "/metrics"}, {"GET", "/ws/v1/events"}}) {
      String body = request[0].equals("GET") || request[0].equals("DELETE") ? null : event("u-1");
      Answer answer = send(request[0], request[1], null, body);
      assertDenied(answer, 401, "unauthorized");
      assertThat(answer.raw().headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }
    assertDenied(get("/v1/items/acc-m-1", "not-a-key"), 401, "unauthorized");
    assertDenied(get("/v1/items/acc-m-1", "a" + READ), 401, "unauthorized");
    assertThat(get("/health/alive", null).status()).isEqualTo(200);
    assertThat(get("/health/ready", null).status()).isIn(200, 503);
  }

  @Test
  void aReadKeyReadsButCannotWrite() {
    assertThat(get("/v1/items/acc-m-1", READ).status()).isEqualTo(200);
    assertThat(get("/v1/items/acc-m-1/similar", READ).status()).isEqualTo(200);
    assertThat(get("/v1/users/" + unique("u-r") + "/recommendations", READ).status()).isEqualTo(200);
    Answer denied = send("POST", "/v1/events", READ, event(unique("u-r")));
    assertDenied(denied, 403, "forbidden");
    assertThat(denied.body().path("message").asText()).contains("reader").doesNotContain(READ);
    assertDenied(send("POST", "/v1/events/batch", READ, "{\"events\": [" + event("u-r") + "]}"), 403, "forbidden");
    assertDenied(send("PUT", "/v1/items/acc-m-2", READ, item("Ronin")), 403, "forbidden");
    assertDenied(get("/metrics", READ), 403, "forbidden");
  }

  @Test
  void theConsolesCatalogModelAndClusterReadsNeedAReadKey() {
    for (String path : List.of("/v1/items?q=heat", "/v1/model", "/v1/cluster")) {
      assertDenied(get(path, null), 401, "unauthorized");
      assertDenied(get(path, WRITE), 403, "forbidden");
      Answer read = get(path, READ);
      assertThat(read.status()).as("%s: %s", path, read.body()).isEqualTo(200);
      assertThat(get(path, ADMIN).status()).as(path).isEqualTo(200);
    }
    assertThat(get("/v1/items?q=acc-m-1", READ).body().path("items").get(0).path("itemId").asText())
        .isEqualTo("acc-m-1");
  }

  @Test
  void aWriteKeySendsEventsButCannotChangeTheCatalogOrDeleteUsers() {
    String userId = unique("u-w");
    assertThat(send("POST", "/v1/events", WRITE, event(userId)).status()).isEqualTo(202);
    assertThat(send("POST", "/v1/events/batch", WRITE, "{\"events\": [" + event(userId) + "]}").status())
        .isEqualTo(202);
    assertDenied(send("PUT", "/v1/items/acc-m-2", WRITE, item("Ronin")), 403, "forbidden");
    assertDenied(
        send("POST", "/v1/items", WRITE, "{\"items\": [{\"itemId\": \"acc-m-3\", \"title\": \"Up\"}]}"),
        403,
        "forbidden");
    assertDenied(send("DELETE", "/v1/users/" + userId, WRITE, null), 403, "forbidden");
    assertDenied(get("/v1/users/" + userId + "/interests", WRITE), 403, "forbidden");
    assertThat(get("/v1/users/" + userId + "/interests", READ).status()).as("the user was not deleted")
        .isEqualTo(200);
  }

  @Test
  void anAdminKeyMayDoEverything() {
    String userId = unique("u-a");
    assertThat(send("PUT", "/v1/items/acc-m-4", ADMIN, item("Ronin")).status()).isEqualTo(200);
    assertThat(get("/v1/items/acc-m-4", ADMIN).status()).isEqualTo(200);
    assertThat(send("POST", "/v1/events", ADMIN, event(userId)).status()).isEqualTo(202);
    assertThat(get("/v1/users/" + userId + "/recommendations", ADMIN).status()).isEqualTo(200);
    assertThat(get("/v1/users/" + userId + "/interests", ADMIN).status()).isEqualTo(200);
    assertThat(send("DELETE", "/v1/users/" + userId, ADMIN, null).status()).isEqualTo(204);
    Answer metrics = get("/metrics", ADMIN);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw().body()).contains("# TYPE");
    // Past access, the routes answer as they always do.
    assertThat(get("/v1/items/acc-no-such-item", ADMIN).error()).isEqualTo("not_found");
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter() {
    long start = System.nanoTime();
    int granted = 0;
    List<Answer> limited = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Answer answer = get("/v1/items/acc-m-1", SLOW);
      if (answer.status() == 429) {
        limited.add(answer);
      } else {
        assertThat(answer.status()).isEqualTo(200);
        granted++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(limited).isNotEmpty();
    // A burst of 5, then 5 a second: however slow this machine, no more got through.
    assertThat(granted).isLessThanOrEqualTo(5 + (int) Math.ceil(5 * seconds));
    for (Answer answer : limited) {
      assertDenied(answer, 429, "rate_limited");
      assertThat(answer.raw().headers().firstValue("Retry-After").map(Long::parseLong))
          .hasValueSatisfying(s -> assertThat(s).isGreaterThanOrEqualTo(1));
    }
    // Other keys are not held back by this one.
    assertThat(get("/v1/items/acc-m-1", READ).status()).isEqualTo(200);
  }

  @Test
  void aSocketAcceptsTheKeyAsBearerSubprotocolAndEchoesIt() throws Exception {
    String userId = unique("u-ws");
    try (Socket events = Socket.open("/ws/v1/events", Optional.of(WRITE), Optional.empty())) {
      assertThat(events.socket.getSubprotocol()).isEqualTo("bearer." + WRITE);
      events.socket.sendText(event(userId), true).get(10, TimeUnit.SECONDS);
      JsonNode ack = events.next();
      assertThat(ack.path("accepted").asBoolean()).as("%s", ack).isTrue();
    }
    try (Socket recommendations =
        Socket.open("/ws/v1/users/" + userId + "/recommendations", Optional.of(READ), Optional.empty())) {
      assertThat(recommendations.socket.getSubprotocol()).isEqualTo("bearer." + READ);
      assertThat(recommendations.next().path("userId").asText()).isEqualTo(userId);
    }
    // The Authorization header works on a socket too (clients other than browsers).
    try (Socket header = Socket.open("/ws/v1/events", Optional.empty(), Optional.of(WRITE))) {
      assertThat(header.socket.getSubprotocol()).isEmpty();
    }
  }

  @Test
  void aSocketWithoutAKeyOrWithTheWrongScopeIsRefused() {
    assertThat(handshakeStatus("/ws/v1/events", Optional.empty())).isEqualTo(401);
    assertThat(handshakeStatus("/ws/v1/events", Optional.of("not-a-key"))).isEqualTo(401);
    assertThat(handshakeStatus("/ws/v1/events", Optional.of(READ))).isEqualTo(403);
    assertThat(handshakeStatus("/ws/v1/users/u-1/recommendations", Optional.of(WRITE))).isEqualTo(403);
  }

  private static int handshakeStatus(String path, Optional<String> key) {
    Throwable failure = catchThrowable(() -> Socket.open(path, key, Optional.empty()).close());
    assertThat(failure).as("the socket opened").isNotNull();
    Throwable cause = failure;
    while (!(cause instanceof WebSocketHandshakeException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) cause).getResponse().statusCode();
  }

  @Test
  void keysAddedToTheFileWorkWithinTheReloadIntervalAndRemovedOnesStop() throws Exception {
    String fresh = ApiKey.newSecret();
    assertDenied(get("/v1/items/acc-m-1", fresh), 401, "unauthorized");
    Files.writeString(keysFile, "fresh read " + ApiKey.hashOf(fresh) + "\n", StandardOpenOption.APPEND);
    awaitTrue("the added key is taken", () -> get("/v1/items/acc-m-1", fresh).status() == 200);

    assertThat(KeysFile.remove(keysFile, "fresh")).isTrue();
    awaitTrue("the removed key is refused", () -> get("/v1/items/acc-m-1", fresh).status() == 401);
    assertThat(get("/v1/items/acc-m-1", READ).status()).isEqualTo(200);
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    // A generous multiple of the reload interval: the node may be slow, the check must not be.
    long deadline = System.nanoTime() + RELOAD.multipliedBy(50).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** A JDK WebSocket that collects the text messages it receives. */
  private static final class Socket implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static Socket open(String path, Optional<String> subprotocolKey, Optional<String> headerKey) {
      Socket listener = new Socket();
      WebSocket.Builder builder =
          HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
      subprotocolKey.ifPresent(key -> builder.subprotocols("bearer." + key));
      headerKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
      listener.socket =
          builder
              .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + path), listener)
              .orTimeout(10, TimeUnit.SECONDS)
              .join();
      return listener;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
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

    JsonNode next() throws Exception {
      String text = received.poll(30, TimeUnit.SECONDS);
      assertThat(text).as("a message within 30 s").isNotNull();
      return JSON.readTree(text);
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
