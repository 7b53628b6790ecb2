package io.ebb.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.Item;
import io.ebb.catalog.ScoredItem;
import io.ebb.rank.Popularity;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The catalog: {@code PUT/GET /v1/items/{id}}, bulk {@code POST /v1/items}, {@code GET /v1/items/{id}/similar},
 * and the search {@code GET /v1/items?q=}. Items are read with their popularity.
 */
final class ItemRoutes extends JsonSupport {

  record Upserted(int upserted) {}

  record SimilarItems(String itemId, List<ScoredItem> items) {}

  /**
   * How often the item was interacted with, over every node (as of the last refresh, plus this node's since).
   *
   * @param relative log(1 + events) / log(1 + the most events of any item), what ranking weighs; capped at 1, since
   *     this node's counts since the last refresh may pass the maximum read then
   */
  record ItemPopularity(long events, double relative) {}

  /** An item as read: its fields, then its popularity. */
  record ItemRead(@JsonUnwrapped Item item, ItemPopularity popularity) {}

  /** A search answer; without {@code q}, the most popular items and {@code matches} the catalog's size. */
  record ItemList(String q, int matches, List<ItemRead> items) {}

  private final Catalog catalog;
  private final Popularity popularity;
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
      Popularity popularity,
      ApiSettings settings,
      Clock clock,
      QueryParams params,
      Function<List<String>, CompletionStage<Done>> itemsStored,
      Duration bulkTimeout) {
    super(json);
    this.bulkTimeout = bulkTimeout;
    this.itemsStored = itemsStored;
    this.catalog = catalog;
    this.popularity = popularity;
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
                pathEnd(() -> concat(
                    post(() -> withRequestTimeout(bulkTimeout,
                        () -> jsonBody(settings.maxBulkBody(), this::upsertAll))),
                    get(() -> parameterOptional("q", q -> params.limit(limit -> search(q, limit)))))),
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
        .map(item -> complete(respond(StatusCodes.OK, read(item))))
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

  private Route search(Optional<String> raw, int limit) {
    if (raw.isEmpty()) {
      return complete(respond(StatusCodes.OK, new ItemList(null, catalog.items().size(), popular(limit))));
    }
    String q = raw.get().strip();
    if (q.isEmpty() || q.codePointCount(0, q.length()) > ItemSearch.MAX_QUERY) {
      return complete(error(ApiException.invalid(
          "q", "q must be 1 to " + ItemSearch.MAX_QUERY + " characters (an id prefix or part of a title)")));
    }
    ItemSearch.Result found = ItemSearch.search(catalog.items(), q, limit, popularity::count);
    List<ItemRead> items = found.items().stream().map(f -> read(f.item())).toList();
    return complete(respond(StatusCodes.OK, new ItemList(q, found.matches(), items)));
  }

  /** The most popular items the catalog holds, then the newest when fewer have events. */
  private List<ItemRead> popular(int limit) {
    Set<String> ids = new LinkedHashSet<>(popularity.top(limit, id -> catalog.get(id).isEmpty()));
    if (ids.size() < limit) {
      ids.addAll(catalog.newest(limit - ids.size(), ids::contains));
    }
    return ids.stream().flatMap(id -> catalog.get(id).stream()).map(this::read).toList();
  }

  private ItemRead read(Item item) {
    return new ItemRead(item,
        new ItemPopularity(popularity.count(item.itemId()), Math.min(1.0, popularity.prior(item.itemId()))));
  }
}
