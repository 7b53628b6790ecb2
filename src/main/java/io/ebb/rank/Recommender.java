package io.ebb.rank;

import io.ebb.catalog.Catalog;
import io.ebb.catalog.Item;
import io.ebb.catalog.ScoredItem;
import io.ebb.interest.TagWeight;
import io.ebb.interest.VectorMath;
import io.ebb.user.RecentEvent;
import io.ebb.user.UserInterests;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Turns a user's interests as of now into a ranked list: nearest items to the user's query vector from the
 * catalog's index (consumed and excluded items out), a popularity prior, then a diversity pass (maximal marginal
 * relevance) and a reason per item. Stateless apart from the catalog and popularity it reads; one per node.
 */
public final class Recommender {

  /** Below this cosine to the stated-interest direction, a stated interest does not explain an item. */
  private static final double STATED_SIMILARITY = 0.3;

  private final Catalog catalog;
  private final Popularity popularity;
  private final RecommendSettings settings;
  private final DoubleSupplier popularityWeight;

  public Recommender(Catalog catalog, Popularity popularity, RecommendSettings settings) {
    this(catalog, popularity, settings, settings::popularityWeight);
  }

  /** {@code popularityWeight}: the active serving setting's weight of the prior (tuning changes it). */
  public Recommender(
      Catalog catalog, Popularity popularity, RecommendSettings settings, DoubleSupplier popularityWeight) {
    this.catalog = catalog;
    this.popularity = popularity;
    this.settings = settings;
    this.popularityWeight = popularityWeight;
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
    List<Recommendation> items =
        user == null || !user.known() || user.queryVector().length == 0
            ? popular(request.limit(), excluded)
            : personal(user, request, excluded);
    return new Recommendations(userId, items, request.now());
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
      catalog.items().stream()
          .filter(item -> !taken.contains(item.itemId()))
          .sorted(Comparator.comparing(Item::updatedAt).reversed().thenComparing(Item::itemId))
          .limit(limit - result.size())
          .forEach(item -> result.add(new Recommendation(item.itemId(), 0.0, List.of("new in catalog"))));
    }
    return result;
  }

  private List<Recommendation> personal(UserInterests user, RecommendRequest request, Set<String> excluded) {
    float[] query = user.queryVector();
    int pool = Math.max(settings.candidatePool(), request.limit() * 5);
    List<ScoredItem> nearest = catalog.index().topK(query, pool, excluded::contains);
    List<Candidate> candidates = new ArrayList<>(nearest.size());
    for (ScoredItem s : nearest) {
      float[] vector = catalog.vector(s.itemId()).orElse(null);
      if (vector == null) {
        continue;
      }
      double relevance = Relevance.score(s.score(), popularity.prior(s.itemId()), popularityWeight.getAsDouble());
      candidates.add(new Candidate(s.itemId(), vector, VectorMath.normalized(vector), relevance));
    }
    List<Candidate> chosen = diversify(candidates, request.limit());
    List<Explainer> explainers = explainers(user);
    List<Recommendation> result = new ArrayList<>(chosen.size());
    for (Candidate c : chosen) {
      result.add(new Recommendation(c.itemId, round(c.relevance), reasons(c, explainers, user, request)));
    }
    if (result.size() < request.limit()) {
      Set<String> taken = new HashSet<>(excluded);
      result.forEach(r -> taken.add(r.itemId()));
      result.addAll(popular(request.limit() - result.size(), taken));
    }
    return result;
  }

  /**
   * Greedy maximal marginal relevance: each next item maximises λ·relevance − (1−λ)·(its highest cosine to an
   * item already chosen). λ = 1 keeps the relevance order.
   */
  private List<Candidate> diversify(List<Candidate> candidates, int limit) {
    double lambda = settings.diversityLambda();
    List<Candidate> remaining = new ArrayList<>(candidates);
    List<Candidate> chosen = new ArrayList<>(limit);
    double[] maxSimilarity = new double[remaining.size()];
    while (chosen.size() < limit && !remaining.isEmpty()) {
      int best = 0;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < remaining.size(); i++) {
        double value = lambda * remaining.get(i).relevance - (1 - lambda) * maxSimilarity[i];
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      Candidate picked = remaining.remove(best);
      double[] shifted = new double[remaining.size()];
      for (int i = 0, j = 0; i < maxSimilarity.length; i++) {
        if (i != best) {
          shifted[j++] = maxSimilarity[i];
        }
      }
      maxSimilarity = shifted;
      chosen.add(picked);
      if (lambda < 1) {
        for (int i = 0; i < remaining.size(); i++) {
          double sim = VectorMath.dot(picked.unit, remaining.get(i).unit);
          maxSimilarity[i] = Math.max(maxSimilarity[i], sim);
        }
      }
    }
    return chosen;
  }

  /** The user's recent positive events with their unit item vectors, normalised once per request. */
  private List<Explainer> explainers(UserInterests user) {
    List<Explainer> explainers = new ArrayList<>(user.recent().size());
    for (RecentEvent e : user.recent()) {
      if (e.weight() > 0) {
        catalog.vector(e.itemId()).ifPresent(v -> explainers.add(new Explainer(e, VectorMath.normalized(v))));
      }
    }
    return explainers;
  }

  private List<String> reasons(
      Candidate c, List<Explainer> explainers, UserInterests user, RecommendRequest request) {
    List<String> reasons = new ArrayList<>(2);
    RecentEvent closest = null;
    double closestSimilarity = 0.3; // below this an event does not explain the item
    for (Explainer x : explainers) {
      if (x.unit.length == c.unit.length) {
        double sim = VectorMath.dot(c.unit, x.unit);
        if (sim > closestSimilarity) {
          closestSimilarity = sim;
          closest = x.event;
        }
      }
    }
    if (closest != null) {
      reasons.add(
          "similar to "
              + closest.itemId()
              + " ("
              + Phrases.pastTense(closest.type())
              + " "
              + Phrases.ago(closest.atEpochMilli(), request.now())
              + ")");
    }
    if (!user.statedInterests().isEmpty()
        && user.statedVector().length == c.unit.length
        && VectorMath.dot(c.unit, user.statedVector()) > STATED_SIMILARITY) {
      reasons.add("fits what you seem into lately: " + user.statedInterests().get(0).topic());
    }
    List<String> tags = catalog.tags(c.itemId);
    for (TagWeight t : user.topTags()) {
      if (tags.contains(t.tag())) {
        reasons.add("matches your interest in " + t.tag());
        break;
      }
    }
    if (reasons.isEmpty()) {
      reasons.add("close to your recent interests");
    }
    return reasons;
  }

  private static double round(double score) {
    return Math.round(score * 10_000) / 10_000.0;
  }

  private record Explainer(RecentEvent event, float[] unit) {}

  private record Candidate(String itemId, float[] vector, float[] unit, double relevance) {}
}
