package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/alive} (the process answers) and {@code /health/ready} (journal and catalog index usable, and this
 * node an Up member of its cluster that is not shutting down).
 */
final class HealthRoutes extends JsonSupport {

  record Health(String status, boolean journal, boolean catalog, boolean cluster) {}

  private final BooleanSupplier catalogReady;
  private final Supplier<CompletionStage<Boolean>> journalUsable;
  private final BooleanSupplier memberUp;

  HealthRoutes(
      ObjectMapper json,
      BooleanSupplier catalogReady,
      Supplier<CompletionStage<Boolean>> journalUsable,
      BooleanSupplier memberUp) {
    super(json);
    this.catalogReady = catalogReady;
    this.journalUsable = journalUsable;
    this.memberUp = memberUp;
  }

  Route route() {
    return pathPrefix(
        "health",
        () ->
            concat(
                path(
                    "alive",
                    () -> get(() -> complete(respond(StatusCodes.OK, new Health("alive", true, true, true))))),
                path(
                    "ready",
                    () ->
                        get(
                            () ->
                                completeAsync(
                                    journalUsable
                                        .get()
                                        .exceptionally(e -> false)
                                        .thenApply(
                                            journal -> {
                                              boolean catalog = catalogReady.getAsBoolean();
                                              boolean cluster = memberUp.getAsBoolean();
                                              boolean ready = journal && catalog && cluster;
                                              return respond(
                                                  ready ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                                                  new Health(ready ? "ready" : "not_ready", journal, catalog, cluster));
                                            }))))));
  }
}
