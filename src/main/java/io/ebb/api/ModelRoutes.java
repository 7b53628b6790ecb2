package io.ebb.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.model.ModelJson;
import io.ebb.model.ServingModel;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/model}: the serving model this node answers with (its version, when it was applied, by what) and
 * the report of the {@code ebb tune --apply} run that chose it, stored with it; {@code report} is null for the
 * configured defaults and for models applied without one.
 */
final class ModelRoutes extends JsonSupport {

  record ActiveModel(int version, Instant activatedAt, String origin, String label, JsonNode model,
      JsonNode report) {}

  private final HttpApi.Models models;
  /** A version's report never changes: each is read once (they are tens of kilobytes, and versions are few). */
  private final Map<Integer, Optional<JsonNode>> reports = new ConcurrentHashMap<>();

  ModelRoutes(ObjectMapper json, HttpApi.Models models) {
    super(json);
    this.models = models;
  }

  Route route() {
    return path("model", () -> get(() -> {
      ServingModel active = models.active().get();
      return completeAsync(report(active.version()).thenApply(report -> respond(StatusCodes.OK, new ActiveModel(
          active.version(), active.activatedAt(), active.origin(), active.label(), ModelJson.toJson(active),
          report.orElse(null)))));
    }));
  }

  private CompletionStage<Optional<JsonNode>> report(int version) {
    Optional<JsonNode> known = reports.get(version);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return models.report().apply(version).thenApply(text -> {
      Optional<JsonNode> parsed = text.map(this::parse);
      reports.put(version, parsed);
      return parsed;
    });
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored tuning report is not JSON", e);
    }
  }
}
