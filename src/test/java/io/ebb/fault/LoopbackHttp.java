package io.ebb.fault;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK HttpClient for a server that gets killed and restarted under it: every exchange ends in an answer, a
 * status or -1 for none, and never later than its request timeout and a margin, even when the peer vanished in the
 * middle of it; a client whose exchange had to be abandoned is replaced.
 */
final class LoopbackHttp {

  record Answer(int status, String body) {}

  private static final Duration MARGIN = Duration.ofSeconds(5);
  private volatile HttpClient client = newClient();

  Answer send(HttpRequest request) {
    Duration timeout = request.timeout().orElse(Duration.ofSeconds(20));
    CompletableFuture<HttpResponse<String>> exchange =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      HttpResponse<String> response = exchange.get(timeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(response.statusCode(), response.body());
    } catch (ExecutionException e) {
      return new Answer(-1, String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      exchange.cancel(true);
      client = newClient();
      return new Answer(-1, "no answer within " + timeout.plus(MARGIN) + ": client replaced");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.cancel(true);
      return new Answer(-1, "interrupted");
    }
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
        .build();
  }
}
