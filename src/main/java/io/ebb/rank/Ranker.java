package io.ebb.rank;

import io.ebb.interest.VectorMath;
import io.ebb.model.Ranking;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The one ranking pipeline, as pure functions: the {@linkplain Ranking#poolFor candidate pool} of nearest items by
 * inner product (consumed and excluded items filtered out by the source), joined, when the place prior is on and
 * the query says where the user is ({@link QueryContext}), by as many items nearest to that place
 * ({@link PlaceSource}); the popularity prior and the place prior added ({@link Relevance#score}), then the
 * diversity pass (greedy maximal marginal relevance). The service's
 * {@link Recommender} runs it against the catalog's index and adds reasons; {@code ebb eval} and {@code ebb tune}
 * run it against an exact scan of the same vectors, so the offline metric is of the list the service serves.
 *
 * @param <T> how the caller names items (item ids in the service, item indexes offline)
 */
public final class Ranker<T> {

  /** Where candidates come from: the nearest items to a query by inner product, best first. */
  @FunctionalInterface
  public interface Source<T> {
    /**
     * At most {@code k} items with the highest inner product with {@code query}, best first, none of which
     * {@code excluded} accepts; each with its vector (the one the query was matched against).
     */
    List<Neighbour<T>> nearest(float[] query, int k, Predicate<T> excluded);
  }

  /**
   * Where candidates near the user come from, beside those near the query vector: the items nearest to a place.
   * Without them a place prior could only re-order what taste already proposes.
   */
  @FunctionalInterface
  public interface PlaceSource<T> {
    /**
     * At most {@code k} items with a place, nearest to {@code here} first, none of which {@code excluded} accepts;
     * each with its inner product with {@code query} and its vector.
     */
    List<Neighbour<T>> nearest(Place here, float[] query, int k, Predicate<T> excluded);

    /** No candidates by place. */
    static <T> PlaceSource<T> none() {
      return (here, query, k, excluded) -> List.of();
    }
  }

  /** An item near the query: its inner product with it and its vector. */
  public record Neighbour<T>(T item, double similarity, float[] vector) {}

  /**
   * An item of the ranked list and its relevance ({@link Relevance#score}).
   *
   * @param distanceKm from the query's place to the item's, {@code NaN} when either is unknown or the place prior
   *     is off
   * @param placeBoost what the place prior added to the relevance
   */
  public record Ranked<T>(T item, double relevance, float[] vector, double distanceKm, double placeBoost) {

    /** Ranked without a place. */
    public Ranked(T item, double relevance, float[] vector) {
      this(item, relevance, vector, Double.NaN, 0.0);
    }
  }

  private final Source<T> source;
  private final ToDoubleFunction<T> prior;
  private final Function<T, Place> placeOf;
  private final PlaceSource<T> nearby;

  /** Items without places. {@code prior}: an item's popularity prior in [0, 1] ({@link Relevance#prior}). */
  public Ranker(Source<T> source, ToDoubleFunction<T> prior) {
    this(source, prior, item -> null, PlaceSource.none());
  }

  /**
   * {@code placeOf}: an item's place, or {@code null} for an item that has none; {@code nearby}: the candidates
   * near the user, which join the pool when the place prior is on and the query has a place.
   */
  public Ranker(Source<T> source, ToDoubleFunction<T> prior, Function<T, Place> placeOf, PlaceSource<T> nearby) {
    this.source = source;
    this.prior = prior;
    this.placeOf = placeOf;
    this.nearby = nearby;
  }

  /** {@link #rank(float[], int, Predicate, Ranking, QueryContext)} for a query that says nothing of its situation. */
  public List<Ranked<T>> rank(float[] query, int limit, Predicate<T> excluded, Ranking ranking) {
    return rank(query, limit, excluded, ranking, QueryContext.NONE);
  }

  /**
   * The ranked list for {@code query}: at most {@code limit} items, fewer only when the source has fewer left.
   *
   * @param query a non-empty query vector (a cold user has none: rank by popularity instead)
   */
  public List<Ranked<T>> rank(
      float[] query, int limit, Predicate<T> excluded, Ranking ranking, QueryContext context) {
    List<Neighbour<T>> pool = source.nearest(query, ranking.poolFor(limit), excluded);
    Place here = ranking.place().isOn() ? context.place() : null;
    if (here != null) {
      pool = union(pool, nearby.nearest(here, query, ranking.poolFor(limit), excluded));
    }
    List<Ranked<T>> scored = new ArrayList<>(pool.size());
    for (Neighbour<T> n : pool) {
      double distance = here == null ? Double.NaN : Place.distanceKm(here, placeOf.apply(n.item()));
      double boost = ranking.place().boost(distance);
      double relevance =
          Relevance.score(n.similarity(), prior.applyAsDouble(n.item()), ranking.popularityWeight(), boost);
      scored.add(new Ranked<>(n.item(), relevance, n.vector(), distance, boost));
    }
    // Stable: equal relevance keeps the source's order (by similarity, then as the source breaks ties).
    scored.sort(Comparator.comparingDouble((Ranked<T> r) -> r.relevance()).reversed());
    return ranking.diversifies()
        ? diversify(scored, limit, ranking.diversityLambda())
        : List.copyOf(scored.subList(0, Math.min(limit, scored.size())));
  }

  /** {@code first}, then the items of {@code more} it does not hold, each in its order. */
  private static <T> List<Neighbour<T>> union(List<Neighbour<T>> first, List<Neighbour<T>> more) {
    if (more.isEmpty()) {
      return first;
    }
    List<Neighbour<T>> all = new ArrayList<>(first.size() + more.size());
    Set<T> seen = new HashSet<>();
    for (Neighbour<T> n : first) {
      seen.add(n.item());
      all.add(n);
    }
    for (Neighbour<T> n : more) {
      if (seen.add(n.item())) {
        all.add(n);
      }
    }
    return all;
  }

  /**
   * Greedy maximal marginal relevance: each next item maximises {@code λ·relevance − (1−λ)·(its highest cosine
   * to an item already chosen)}; the first is the most relevant. {@code candidates} are in relevance order.
   */
  static <T> List<Ranked<T>> diversify(List<Ranked<T>> candidates, int limit, double lambda) {
    int n = candidates.size();
    // Norms once, cosines from the raw vectors: normalised copies of the whole pool were most of what a
    // recommendation allocated.
    double[] norm = new double[n];
    for (int i = 0; i < n; i++) {
      norm[i] = VectorMath.norm(candidates.get(i).vector());
    }
    boolean[] taken = new boolean[n];
    double[] maxSimilarity = new double[n];
    List<Ranked<T>> chosen = new ArrayList<>(Math.min(limit, n));
    while (chosen.size() < limit && chosen.size() < n) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (!taken[i]) {
          double value = lambda * candidates.get(i).relevance() - (1 - lambda) * maxSimilarity[i];
          if (value > bestValue) {
            bestValue = value;
            best = i;
          }
        }
      }
      taken[best] = true;
      chosen.add(candidates.get(best));
      float[] picked = candidates.get(best).vector();
      for (int i = 0; i < n; i++) {
        float[] v = candidates.get(i).vector();
        if (!taken[i] && v.length == picked.length) {
          maxSimilarity[i] = Math.max(maxSimilarity[i], VectorMath.cosine(picked, norm[best], v, norm[i]));
        }
      }
    }
    return List.copyOf(chosen);
  }
}
