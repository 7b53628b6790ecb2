package io.ebb.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: every meter of the node in the Prometheus text format. */
final class MetricsRoutes extends AllDirectives {

  /** Prometheus' text exposition format, version 0.0.4. */
  private static final ContentType.WithCharset TEXT_FORMAT =
      MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8);

  private final PrometheusMeterRegistry registry;

  MetricsRoutes(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  Route route() {
    return path(
        "metrics",
        () -> get(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(TEXT_FORMAT, registry.scrape())))));
  }
}
