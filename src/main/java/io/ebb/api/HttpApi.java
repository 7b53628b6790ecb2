package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.auth.Access;
import io.ebb.auth.AccessControl;
import io.ebb.auth.AuthSettings;
import io.ebb.catalog.Catalog;
import io.ebb.cluster.InterestChanges;
import io.ebb.model.ServingModel;
import io.ebb.rank.Popularity;
import io.ebb.rank.Recommender;
import io.ebb.trajectory.Trajectories;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket API (the README's "The API by example" and "WebSocket API"), bound on one port; every
 * error, including Pekko's own rejections, answers JSON.
 */
public final class HttpApi extends JsonSupport {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final Duration LOAD_SAMPLE_INTERVAL = Duration.ofSeconds(2);

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
      PrometheusMeterRegistry registry,
      Trajectories trajectories,
      Models models) {}

  /** The node's serving models: the active one, and the tuning report (JSON) stored with a version. */
  public record Models(Supplier<ServingModel> active, IntFunction<CompletionStage<Optional<String>>> report) {}

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
  private final Optional<AccessControl> access;
  private final NodeLoad load;

  public HttpApi(Dependencies deps) {
    super(deps.json());
    this.deps = deps;
    this.metrics = new ApiMetrics(deps.registry());
    this.access = accessControl(deps.system());
    this.load = nodeLoad(deps.system(), deps.registry());
  }

  /** Binds the routes on the configured host and port: HTTPS when {@code ebb.http.tls.keystore} is set. */
  public CompletionStage<ServerBinding> bind() {
    ServerBuilder server = Http.get(deps.system()).newServerAt(deps.settings().host(), deps.settings().port());
    Optional<HttpsConnectionContext> https = Https.fromConfig(deps.system().settings().config().getConfig("ebb"));
    if (https.isPresent()) {
      server = server.enableHttps(https.get());
      log.info("The API speaks HTTPS (ebb.http.tls.keystore)");
    }
    return server.bind(route());
  }

  public Route route() {
    ClusterSharding sharding = ClusterSharding.get(deps.system());
    QueryParams params = new QueryParams(json, deps.recommender().settings());
    BooleanSupplier catalogReady = deps.catalog()::isLoaded;
    // Built once: a directive's inner route is a Supplier, evaluated on every request it matches, so building
    // routes inside one would construct every route object again per request.
    Route v1Routes =
        concat(
            new EventRoutes(json, sharding, deps.settings(), deps.clock(), metrics)
                .route(),
            new ItemRoutes(
                    json, deps.catalog(), deps.popularity(), deps.settings(), deps.clock(), params,
                    deps.cluster().itemsStored(),
                    deps.system().settings().config().getDuration("ebb.http.bulk-timeout"))
                .route(),
            new UserRoutes(json, sharding, deps.settings(), deps.clock(), params, metrics)
                .route(),
            new TrajectoryRoutes(json, deps.trajectories(), deps.settings().askTimeout().multipliedBy(4))
                .route(),
            new ModelRoutes(json, deps.models()).route(),
            new ClusterRoutes(json, deps.system(), load, deps.clock()).route());
    Route v1 = pathPrefix("v1", () -> v1Routes);
    Route webSockets = webSocketRoutes(sharding, params).route();
    Route health =
        new HealthRoutes(json, catalogReady, deps.journalUsable(), deps.cluster().memberUp()).route();
    Route metricsRoute = new MetricsRoutes(deps.registry()).route();
    Route routes = concat(v1, webSockets, health, metricsRoute, new ConsoleRoutes().route());
    Route guarded = authorized(routes);
    Route handled = handleRejections(rejections(), () -> guarded);
    Route all = handleExceptions(exceptions(), () -> handled);
    return extractUri(uri -> mapResponse(response -> countRejectedEvents(uri.path(), response),
        () -> withRequestTimeoutResponse(this::timedOut, () -> all)));
  }

  /**
   * A request that ran past its timeout (pekko.http.server.request-timeout, or ebb.http.bulk-timeout for a bulk
   * upsert) is answered 503 with the JSON error body, like every other error. Its work may still complete: an
   * upsert is idempotent and an event already persisted is acknowledged as a duplicate when re-sent.
   */
  private HttpResponse timedOut(HttpRequest request) {
    return respond(StatusCodes.SERVICE_UNAVAILABLE, ApiError.of("unavailable",
        "the request took longer than its timeout; it may still complete: retry it (re-sending is safe)"));
  }

  /**
   * Access: with {@code ebb.auth.keys-file} set, a request reaches the routes only if its key's scopes allow the
   * endpoint and the key is within its rate; without, every request does.
   */
  private Route authorized(Route routes) {
    if (access.isEmpty()) {
      return routes;
    }
    AccessControl control = access.get();
    return extractRequest(
        request -> {
          Access decision =
              control.decide(
                  request.method().value(),
                  pathSegments(request),
                  request.getHeader("Authorization").map(HttpHeader::value),
                  offeredProtocols(request));
          return decision.granted() ? routes : complete(denied(decision));
        });
  }

  private HttpResponse denied(Access access) {
    return switch (access.verdict()) {
      case UNAUTHORIZED ->
          respond(StatusCodes.UNAUTHORIZED, ApiError.of("unauthorized", access.message()))
              .addHeader(WWWAuthenticate.create(HttpChallenge.createOAuth2("ebb")));
      case FORBIDDEN -> respond(StatusCodes.FORBIDDEN, ApiError.of("forbidden", access.message()));
      case RATE_LIMITED ->
          respond(StatusCodes.TOO_MANY_REQUESTS, ApiError.of("rate_limited", access.message()))
              .addHeader(RetryAfter.create(access.retryAfterSeconds()));
      case GRANTED -> throw new IllegalArgumentException("a granted request is not denied");
    };
  }

  private static List<String> pathSegments(HttpRequest request) {
    List<String> segments = new ArrayList<>();
    request.getUri().pathSegments().forEach(segments::add);
    return segments;
  }

  private static List<String> offeredProtocols(HttpRequest request) {
    List<String> offered = new ArrayList<>();
    for (HttpHeader header : request.getHeaders()) {
      if (header.is("sec-websocket-protocol")) {
        offered.addAll(List.of(header.value().split(",")));
      }
    }
    return offered;
  }

  /** The access check of {@code ebb.auth}, its keys file read again every reload interval; none without a file. */
  private static Optional<AccessControl> accessControl(ActorSystem<?> system) {
    AuthSettings auth = AuthSettings.fromConfig(system.settings().config().getConfig("ebb"));
    if (auth.keysFile().isEmpty()) {
      log.info("Access is not checked (no ebb.auth.keys-file): every client may call every endpoint");
      return Optional.empty();
    }
    AccessControl control;
    try {
      control = AccessControl.load(auth.keysFile().get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the keys file " + auth.keysFile().get(), e);
    }
    system
        .scheduler()
        .scheduleWithFixedDelay(
            auth.reloadInterval(),
            auth.reloadInterval(),
            control::reload,
            system.dispatchers().lookup(DispatcherSelector.blocking()));
    log.info(
        "Access needs an API key: {} keys in {}, read again every {}",
        control.keys().all().size(),
        control.keys().file(),
        auth.reloadInterval());
    return Optional.of(control);
  }

  /** The node's recent load, sampled every {@link #LOAD_SAMPLE_INTERVAL} for the console's cluster page. */
  private static NodeLoad nodeLoad(ActorSystem<?> system, PrometheusMeterRegistry registry) {
    NodeLoad load = new NodeLoad(registry);
    system.scheduler().scheduleAtFixedRate(
        LOAD_SAMPLE_INTERVAL, LOAD_SAMPLE_INTERVAL, load::sample, system.executionContext());
    return load;
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
