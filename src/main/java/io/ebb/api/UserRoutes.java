package io.ebb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.rank.Recommender;
import io.ebb.user.UserCommand.Forget;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserInterest;
import io.ebb.user.UserInterests;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Per-user reads and deletion: recommendations, interests, forget. */
final class UserRoutes extends JsonSupport {

  private final ClusterSharding sharding;
  private final Recommender recommender;
  private final ApiSettings settings;
  private final Clock clock;
  private final QueryParams params;
  private final ApiMetrics metrics;

  UserRoutes(
      ObjectMapper json,
      ClusterSharding sharding,
      Recommender recommender,
      ApiSettings settings,
      Clock clock,
      QueryParams params,
      ApiMetrics metrics) {
    super(json);
    this.metrics = metrics;
    this.sharding = sharding;
    this.recommender = recommender;
    this.settings = settings;
    this.clock = clock;
    this.params = params;
  }

  Route route() {
    return pathPrefix(
        "users",
        () ->
            pathPrefix(
                PathMatchers.segment(),
                userId -> {
                  if (!Fields.isId(userId)) {
                    return complete(error(ApiException.invalid("userId", "userId must be 1 to 128 characters from [A-Za-z0-9._:@-]")));
                  }
                  return concat(
                      pathEnd(() -> delete(() -> forget(userId))),
                      path("recommendations", () -> get(() -> recommendations(userId))),
                      path("interests", () -> get(() -> interests(userId))));
                }));
  }

  private CompletionStage<UserInterests> ask(String userId, Instant at) {
    return sharding
        .entityRefFor(UserInterest.ENTITY_KEY, userId)
        .<UserInterests>ask(replyTo -> new GetInterests(at, replyTo), settings.askTimeout());
  }

  private Route recommendations(String userId) {
    return params.limit(
        limit ->
            parameterMap(
                query -> {
                  RecommendQuery request = RecommendQuery.of(limit, query);
                  Instant at = AsOf.of(query);
                  long start = System.nanoTime();
                  return completeAsync(
                      ask(userId, at)
                          .thenApply(
                              user -> {
                                AsOf.requireNotBeforeLastEvent(at, user);
                                var body = recommender.recommend(userId, user, request.at(clock.instant(), at));
                                metrics.recommendation(ApiMetrics.Channel.HTTP, System.nanoTime() - start);
                                return respond(StatusCodes.OK, body);
                              }));
                }));
  }

  private Route interests(String userId) {
    return parameterMap(query -> interests(userId, AsOf.of(query)));
  }

  private Route interests(String userId, Instant at) {
    return completeAsync(
        ask(userId, at)
            .thenApply(
                user -> {
                  if (!user.known()) {
                    throw ApiException.notFound("no events are known for user " + userId);
                  }
                  AsOf.requireNotBeforeLastEvent(at, user);
                  return respond(StatusCodes.OK, InterestsResponse.of(user, at));
                }));
  }

  private Route forget(String userId) {
    CompletionStage<HttpResponse> done =
        sharding
            .entityRefFor(UserInterest.ENTITY_KEY, userId)
            .ask(Forget::new, settings.askTimeout().multipliedBy(4))
            .thenApply(d -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
    return completeAsync(done);
  }
}
