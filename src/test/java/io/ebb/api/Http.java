package io.ebb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A small JSON client over the JDK's HttpClient, for tests against a node on loopback. */
public final class Http {

  public record Response(int status, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** A plain-text GET: status, content type and body as received. */
  public record Text(int status, String contentType, String body) {}

  public Text getText(String path) {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new Text(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Response post(String path, String body) {
    return send(json(path, body).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response put(String path, String body) {
    return send(json(path, body).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder json(String path, String body) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
      return new Response(r.statusCode(), body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until {@code user}'s interests are folded under model {@code version} (the node polls for an applied
   * model); fails after 30 s.
   */
  public void awaitModelVersion(String user, int version) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (get("/v1/users/" + user + "/interests").body().path("settingsVersion").asInt() == version) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("the node did not adopt model version " + version + " within 30 s");
  }

  /** The {@code itemId}s of a recommendation list's {@code items}, in order. */
  public static java.util.List<String> itemIds(JsonNode items) {
    java.util.List<String> out = new java.util.ArrayList<>();
    items.forEach(i -> out.add(i.path("itemId").asText()));
    return out;
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
