package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.catalog.Catalog;
import io.ebb.cluster.InterestChanges;
import io.ebb.rank.Popularity;
import io.ebb.rank.Recommender;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.ExpectedWebSocketRequestRejection;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;

/**
 * The HTTP and WebSocket API (the README's "The API by example" and "WebSocket API"), bound on one port; every
 * error, including Pekko's own rejections, answers JSON.
 */
public final class HttpApi extends JsonSupport {

  /** What the routes need from the rest of the node. */
  public record Dependencies(
      ActorSystem<?> system,
      ObjectMapper json,
      ApiSettings settings,
      Catalog catalog,
      Popularity popularity,
      Recommender recommender,
      Clock clock,
      Supplier<CompletionStage<Boolean>> journalUsable,
      ClusterHooks cluster,
      PrometheusMeterRegistry registry) {}

  /**
   * What the routes need from the cluster around this node: whether it is an Up member (readiness), the feed of
   * interest changes (live recommendation sockets), and where to announce items once they are stored (an upsert
   * is answered when that completes: when the other nodes serve the items too).
   */
  public record ClusterHooks(
      BooleanSupplier memberUp,
      InterestChanges interestChanges,
      Function<List<String>, CompletionStage<Done>> itemsStored) {}

  private final Dependencies deps;
  private final ApiMetrics metrics;

  public HttpApi(Dependencies deps) {
    super(deps.json());
    this.deps = deps;
    this.metrics = new ApiMetrics(deps.registry());
  }

  public CompletionStage<ServerBinding> bind() {
    return Http.get(deps.system())
        .newServerAt(deps.settings().host(), deps.settings().port())
        .bind(route());
  }

  public Route route() {
    ClusterSharding sharding = ClusterSharding.get(deps.system());
    QueryParams params = new QueryParams(json, deps.recommender().settings());
    BooleanSupplier catalogReady = deps.catalog()::isLoaded;
    Route v1 =
        pathPrefix(
            "v1",
            () ->
                concat(
                    new EventRoutes(json, sharding, deps.settings(), deps.clock(), metrics)
                        .route(),
                    new ItemRoutes(
                            json, deps.catalog(), deps.settings(), deps.clock(), params, deps.cluster().itemsStored())
                        .route(),
                    new UserRoutes(json, sharding, deps.recommender(), deps.settings(), deps.clock(), params, metrics)
                        .route()));
    Route webSockets = webSocketRoutes(sharding, params).route();
    Route health =
        new HealthRoutes(json, catalogReady, deps.journalUsable(), deps.cluster().memberUp()).route();
    Route metricsRoute = new MetricsRoutes(deps.registry()).route();
    Route all =
        handleExceptions(
            exceptions(),
            () -> handleRejections(rejections(), () -> concat(v1, webSockets, health, metricsRoute)));
    return extractUri(uri -> mapResponse(response -> countRejectedEvents(uri.path(), response), () -> all));
  }

  /** Event requests answered with an error, counted by status whichever directive or handler answered them. */
  private HttpResponse countRejectedEvents(String path, HttpResponse response) {
    int status = response.status().intValue();
    if (status >= 400) {
      if (path.equals("/v1/events")) {
        metrics.rejected(ApiMetrics.Channel.HTTP, status);
      } else if (path.equals("/v1/events/batch")) {
        metrics.rejected(ApiMetrics.Channel.BATCH, status);
      }
    }
    return response;
  }

  private WebSocketRoutes webSocketRoutes(ClusterSharding sharding, QueryParams params) {
    WebSocketStats stats = WebSocketStats.get(deps.system());
    metrics.bind(stats);
    Materializer materializer = Materializer.matFromSystem(deps.system());
    return new WebSocketRoutes(
        json,
        new EventSocket(json, sharding, deps.settings(), deps.clock(), stats, materializer),
        new RecommendationSocket(
            json,
            sharding,
            deps.recommender(),
            deps.cluster().interestChanges(),
            deps.settings(),
            deps.clock(),
            stats,
            materializer,
            metrics),
        params);
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(ApiException.class, e -> complete(error(e)))
        .match(EntityStreamSizeException.class, e -> complete(error(tooLarge(e))))
        .matchAny(e -> complete(failureResponse(e)))
        .build();
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handle(
            MalformedRequestContentRejection.class,
            r ->
                complete(
                    error(
                        r.getCause() instanceof EntityStreamSizeException size
                            ? tooLarge(size)
                            : ApiException.invalid(null, "malformed request body: " + r.message()))))
        .handle(
            MalformedQueryParamRejection.class,
            r -> complete(error(ApiException.invalid(r.parameterName(), r.errorMsg()))))
        .handle(
            ExpectedWebSocketRequestRejection.class,
            r -> complete(error(ApiException.invalid(null, "this endpoint expects a WebSocket upgrade request"))))
        .handle(
            UnsupportedRequestContentTypeRejection.class,
            r -> complete(error(ApiException.invalid(null, "the request body must be application/json"))))
        .handleAll(
            MethodRejection.class,
            rs ->
                complete(
                    respond(
                        StatusCodes.METHOD_NOT_ALLOWED,
                        ApiError.of("method_not_allowed", "method not allowed here"))))
        .handleNotFound(complete(respond(StatusCodes.NOT_FOUND, ApiError.of("not_found", "no such resource"))))
        .build()
        .withFallback(RejectionHandler.defaultHandler());
  }

  private static ApiException tooLarge(EntityStreamSizeException e) {
    return ApiException.tooLarge("the request body is larger than " + e.limit() + " bytes");
  }
}
