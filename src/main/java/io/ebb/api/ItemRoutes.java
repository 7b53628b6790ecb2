package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.Item;
import io.ebb.catalog.ScoredItem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** The catalog: {@code PUT/GET /v1/items/{id}}, bulk {@code POST /v1/items}, {@code GET /v1/items/{id}/similar}. */
final class ItemRoutes extends JsonSupport {

  record Upserted(int upserted) {}

  record SimilarItems(String itemId, List<ScoredItem> items) {}

  private final Catalog catalog;
  private final ApiSettings settings;
  private final Clock clock;
  private final ItemParser parser;
  private final QueryParams params;
  private final Function<List<String>, CompletionStage<Done>> itemsStored;
  private final Duration bulkTimeout;

  /**
   * {@code itemsStored} is told the ids of items once they are stored, so that the other nodes read them; the
   * upsert is answered when it completes.
   */
  ItemRoutes(
      ObjectMapper json,
      Catalog catalog,
      ApiSettings settings,
      Clock clock,
      QueryParams params,
      Function<List<String>, CompletionStage<Done>> itemsStored,
      Duration bulkTimeout) {
    super(json);
    this.bulkTimeout = bulkTimeout;
    this.itemsStored = itemsStored;
    this.catalog = catalog;
    this.settings = settings;
    this.clock = clock;
    this.parser = new ItemParser(json);
    this.params = params;
  }

  Route route() {
    return pathPrefix(
        "items",
        () ->
            concat(
                // A bulk upsert embeds up to 10,000 items: it gets its own, longer timeout (ebb.http.bulk-timeout).
                pathEnd(() -> post(() -> withRequestTimeout(bulkTimeout,
                    () -> jsonBody(settings.maxBulkBody(), this::upsertAll)))),
                pathPrefix(
                    PathMatchers.segment(),
                    itemId ->
                        concat(
                            pathEnd(
                                () ->
                                    concat(
                                        put(() -> jsonBody(settings.maxBody(), body -> upsert(itemId, body))),
                                        get(() -> item(itemId)))),
                            path("similar", () -> get(() -> similar(itemId)))))));
  }

  private Route upsert(String itemId, com.fasterxml.jackson.databind.JsonNode body) {
    Fields.checkId("itemId", itemId);
    var item = parser.parse(itemId, body, "", clock.instant());
    return completeAsync(
        catalog
            .upsert(item)
            .thenCompose(
                stored ->
                    itemsStored
                        .apply(List.of(stored.itemId()))
                        .thenApply(d -> respond(StatusCodes.OK, stored))));
  }

  private Route upsertAll(com.fasterxml.jackson.databind.JsonNode body) {
    var items = parser.parseBulk(body, settings.maxBulkItems(), clock.instant());
    return completeAsync(
        catalog
            .upsertAll(items)
            .thenCompose(
                n ->
                    itemsStored
                        .apply(items.stream().map(Item::itemId).distinct().toList())
                        .thenApply(d -> respond(StatusCodes.OK, new Upserted(n)))));
  }

  private Route item(String itemId) {
    Fields.checkId("itemId", itemId);
    return catalog
        .get(itemId)
        .map(item -> complete(respond(StatusCodes.OK, item)))
        .orElseGet(() -> complete(error(ApiException.notFound("no item " + itemId))));
  }

  private Route similar(String itemId) {
    Fields.checkId("itemId", itemId);
    return params.limit(
        limit -> {
          if (catalog.get(itemId).isEmpty()) {
            return complete(error(ApiException.notFound("no item " + itemId)));
          }
          return complete(respond(StatusCodes.OK, new SimilarItems(itemId, catalog.similar(itemId, limit))));
        });
  }
}
