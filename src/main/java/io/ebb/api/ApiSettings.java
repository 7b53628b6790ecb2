package io.ebb.api;

import com.typesafe.config.Config;
import java.time.Duration;

/** HTTP limits and timeouts, from {@code ebb.http}. */
public record ApiSettings(
    String host,
    int port,
    long maxBody,
    long maxBulkBody,
    int maxBatchEvents,
    int maxBulkItems,
    Duration askTimeout,
    Duration maxFutureSkew,
    int wsEventsParallelism) {

  public static ApiSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("http");
    return new ApiSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getBytes("max-body"),
        c.getBytes("max-bulk-body"),
        c.getInt("max-batch-events"),
        c.getInt("max-bulk-items"),
        c.getDuration("ask-timeout"),
        c.getDuration("max-future-skew"),
        c.getInt("ws-events-parallelism"));
  }

  public ApiSettings withPort(int newPort) {
    return new ApiSettings(
        host, newPort, maxBody, maxBulkBody, maxBatchEvents, maxBulkItems, askTimeout, maxFutureSkew,
        wsEventsParallelism);
  }
}
