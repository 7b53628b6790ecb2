package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** JSON requests to a node with one key, for tests that set data up around what they test (the browser tests). */
final class KeyedHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String key;

  KeyedHttp(int port, String key) {
    this.port = port;
    this.key = key;
  }

  /**
   * Sends a request and returns its JSON answer, which must be a 2xx; a 503 (a cold journal on a busy machine) is
   * retried for a minute, as the contract says a client should.
   */
  JsonNode send(String method, String path, String body) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(120))
          .header("Authorization", "Bearer " + key)
          .header("Content-Type", "application/json")
          .method(method, body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      try {
        HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 503 && Instant.now().isBefore(deadline)) {
          continue;
        }
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
