package io.ebb.rank;

import io.ebb.catalog.Catalog;
import io.ebb.catalog.Item;
import io.ebb.catalog.ScoredItem;
import io.ebb.catalog.VectorIndex;
import io.ebb.interest.VectorMath;
import io.ebb.model.Ranking;
import io.ebb.user.Recommendation;
import io.ebb.user.RecommendRequest;
import io.ebb.user.Recommendations;
import io.ebb.user.UserInterests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a user's interests into the list a request gets: the {@link Ranker} pipeline over the catalog's index
 * (consumed and excluded items out, popularity prior — all-time and recent counts blended as the ranking says —,
 * the place prior when the request says where the user is
 * ({@code context.lat}/{@code lon}) and items say where they are ({@code attributes.lat}/{@code lon}), diversity),
 * a reason per item, and popular items for a user
 * with no interest to rank by (unknown, cold, or faded to nothing) or to fill a short list. Stateless apart from the
 * catalog and popularity it reads; one per node, called by the user entities of that node
 * ({@link io.ebb.user.UserInterest.Recommending}), so a user's consumed set never leaves the node that holds it.
 */
public final class Recommender {

  private static final Logger log = LoggerFactory.getLogger(Recommender.class);

  private final Catalog catalog;
  private final Popularity popularity;
  private final RecommendSettings settings;
  private final Supplier<Ranking> ranking;

  /** Ranking as configured ({@link RecommendSettings#ranking}), never tuned (benchmarks, tools). */
  public Recommender(Catalog catalog, Popularity popularity, RecommendSettings settings) {
    this(catalog, popularity, settings, settings::ranking);
  }

  /** {@code ranking}: the active serving model's ranking (tuning changes it). */
  public Recommender(
      Catalog catalog, Popularity popularity, RecommendSettings settings, Supplier<Ranking> ranking) {
    this.catalog = catalog;
    this.popularity = popularity;
    this.settings = settings;
    this.ranking = ranking;
  }

  public RecommendSettings settings() {
    return settings;
  }

  /** {@code user} is null for a user the service has never seen. */
  public Recommendations recommend(String userId, UserInterests user, RecommendRequest request) {
    Set<String> excluded = new HashSet<>(request.exclude());
    if (user != null && !request.includeSeen()) {
      excluded.addAll(user.consumed());
    }
    VectorIndex index = catalog.index();
    boolean personal = user != null && user.known() && user.queryVector().length > 0;
    if (personal && index.size() > 0 && !fits(user.queryVector(), index)) {
      // A state folded under another item space than the index serves (a model being adopted): never a 5xx.
      log.warn("User {} has a {}-d interest vector but the index holds {}-d vectors: answering popular items",
          userId, user.queryVector().length, index.dimension());
      personal = false;
    }
    List<Recommendation> items = personal
        ? personal(user, request, excluded, index)
        : popular(request.limit(), excluded);
    return new Recommendations(userId, items, request.now(), request.at());
  }

  private static boolean fits(float[] query, VectorIndex index) {
    int dimension = index.dimension();
    return dimension == 0 || dimension == query.length;
  }

  /** The most popular items; while too few items have been interacted with, the newest catalog items fill in. */
  private List<Recommendation> popular(int limit, Set<String> excluded) {
    List<Recommendation> result = new ArrayList<>();
    for (String itemId : popularity.top(limit, id -> excluded.contains(id) || catalog.get(id).isEmpty())) {
      result.add(new Recommendation(itemId, round(popularity.prior(itemId)), List.of("popular")));
    }
    if (result.size() < limit) {
      Set<String> taken = new HashSet<>(excluded);
      result.forEach(r -> taken.add(r.itemId()));
      for (String itemId : catalog.newest(limit - result.size(), taken::contains)) {
        result.add(new Recommendation(itemId, 0.0, List.of("new in catalog")));
      }
    }
    return result;
  }

  private List<Recommendation> personal(
      UserInterests user, RecommendRequest request, Set<String> excluded, VectorIndex index) {
    Ranking served = ranking.get();
    double recency = served.popularityRecency();
    Ranker<String> ranker = new Ranker<>(
        (query, k, skip) -> neighbours(index, query, k, skip),
        recency == 0 ? popularity::prior
            : id -> Relevance.prior(popularity.prior(id), popularity.recentPrior(id), recency),
        this::placeOf, (here, query, k, skip) -> closest(index, here, query, k, skip));
    List<Ranker.Ranked<String>> ranked = ranker.rank(
        user.queryVector(), request.limit(), excluded::contains, served, contextOf(request, user));
    Reasons reasons = new Reasons(user, request.now(), id -> index.vector(id).orElse(null), catalog::tags);
    List<Recommendation> result = new ArrayList<>(ranked.size());
    for (Ranker.Ranked<String> r : ranked) {
      result.add(new Recommendation(r.item(), round(r.relevance()),
          reasons.of(r.item(), r.vector(), Reasons.nearKm(r, served.place()))));
    }
    if (result.size() < request.limit()) {
      Set<String> taken = new HashSet<>(excluded);
      result.forEach(r -> taken.add(r.itemId()));
      result.addAll(popular(request.limit() - result.size(), taken));
    }
    return result;
  }

  /**
   * The query's context: where the request says the user is, else where the user's last event said (what replay
   * measures with: the place the user was at before the target).
   */
  static QueryContext contextOf(RecommendRequest request, UserInterests user) {
    QueryContext asked = QueryContext.of(request.context());
    return asked.place() != null ? asked : QueryContext.of(user.lastContext());
  }

  /** The item's place ({@code attributes.lat}/{@code lon}), or null. */
  private Place placeOf(String itemId) {
    return catalog.get(itemId).map(item -> Place.of(item.attributes())).orElse(null);
  }

  /**
   * The {@code k} catalog items nearest to {@code here} that have a place and an indexed vector, nearest first: a
   * scan of the catalog (a spatial index is the next step for catalogs far beyond a city's venues).
   */
  private List<Ranker.Neighbour<String>> closest(
      VectorIndex index, Place here, float[] query, int k, java.util.function.Predicate<String> skip) {
    java.util.PriorityQueue<Map.Entry<String, Double>> farthestFirst =
        new java.util.PriorityQueue<>(k + 1, Map.Entry.<String, Double>comparingByValue().reversed());
    for (Item item : catalog.items()) {
      Place at = Place.of(item.attributes());
      if (at == null || skip.test(item.itemId())) {
        continue;
      }
      double d = here.distanceKm(at);
      if (farthestFirst.size() < k) {
        farthestFirst.add(Map.entry(item.itemId(), d));
      } else if (d < farthestFirst.peek().getValue()) {
        farthestFirst.poll();
        farthestFirst.add(Map.entry(item.itemId(), d));
      }
    }
    List<Map.Entry<String, Double>> nearestFirst = new ArrayList<>(farthestFirst);
    nearestFirst.sort(Map.Entry.comparingByValue());
    List<Ranker.Neighbour<String>> out = new ArrayList<>(nearestFirst.size());
    for (Map.Entry<String, Double> e : nearestFirst) {
      index.vector(e.getKey())
          .filter(v -> v.length == query.length)
          .ifPresent(v -> out.add(new Ranker.Neighbour<>(e.getKey(), VectorMath.dot(query, v), v)));
    }
    return out;
  }

  private static List<Ranker.Neighbour<String>> neighbours(
      VectorIndex index, float[] query, int k, java.util.function.Predicate<String> skip) {
    List<ScoredItem> nearest = index.topK(query, k, skip);
    List<Ranker.Neighbour<String>> out = new ArrayList<>(nearest.size());
    for (ScoredItem s : nearest) {
      // An item removed between the search and this lookup is left out.
      index.vector(s.itemId()).ifPresent(v -> out.add(new Ranker.Neighbour<>(s.itemId(), s.score(), v)));
    }
    return out;
  }

  private static double round(double score) {
    return Math.round(score * 10_000) / 10_000.0;
  }
}
