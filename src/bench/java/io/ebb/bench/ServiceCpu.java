package io.ebb.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The CPU time a running Ebb node reports on {@code GET /metrics} ({@code process_cpu_time_ns_total}): read at
 * the start and the end of a measured window, it says how much of the machine the service itself took.
 */
final class ServiceCpu {

  private static final String METRIC = "process_cpu_time_ns_total ";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServiceCpu() {}

  /** The node's CPU time so far in nanoseconds, or -1 when it cannot be read. */
  static long nanos(URI serviceUrl) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(serviceUrl.resolve("/metrics")).timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** The metric's value in a Prometheus text exposition, or -1 when absent. */
  static long parse(String exposition) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(METRIC)) {
        return (long) Double.parseDouble(line.substring(METRIC.length()).trim());
      }
    }
    return -1;
  }
}
