package io.ebb.replay;

import io.ebb.interest.EventType;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.model.PlacePrior;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.rank.Place;
import io.ebb.rank.QueryContext;
import io.ebb.rank.Ranker;
import io.ebb.rank.Recency;
import io.ebb.rank.Relevance;
import io.ebb.replay.Split.Target;
import io.ebb.replay.Split.UserEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Ranks targets of a {@link Split} and scores the rankings. Ebb's own method folds each user's events with the
 * service's {@link InterestState} and ranks with the service's {@link Ranker} pipeline, so what is measured is the
 * list the service serves (on an exact index); the baselines only supply other scores. Scores for many queries
 * are computed at once against the item matrix.
 *
 * <p>With time context on, each event folds into the bucket of its own {@code context.tz} and each target's query
 * is read in the zone of the user's latest context before it ({@link Split#zoneBefore}), as the service reads a
 * query that names no zone.
 *
 * <p>When the settings give the stated component a share ({@code stated().mix() > 0}), the user's captures of
 * stated interests ({@link StatedCaptures}, recorded or simulated) made strictly before a target's instant are
 * folded too, with {@link InterestState#capture}. With mix 0 captures are not even looked at, so the results are
 * the ones of the fold without them, to the bit.
 */
public final class Evaluator {

  /** The cut-off of HR, NDCG and coverage. */
  public static final int K = 10;

  private static final int BLOCK = 16;

  private final Split split;
  private final List<Target> validation;
  private final List<Target> test;
  private final float[][] validationPriors;
  private final float[][] testPriors;
  private final Recency recency;
  private final float[][] validationRecent;
  private final float[][] testRecent;

  /** Without recent popularity: a model that gives it a share cannot be evaluated. */
  public Evaluator(Split split) {
    this(split, null);
  }

  /** {@code recency}: how the service counts recent popularity ({@link Split#recentPriors}), or {@code null}. */
  public Evaluator(Split split, Recency recency) {
    this.split = split;
    this.validation = split.validation();
    this.test = split.test();
    this.validationPriors = split.priors(validation);
    this.testPriors = split.priors(test);
    this.recency = recency;
    this.validationRecent = recency == null ? null : split.recentPriors(validation, recency);
    this.testRecent = recency == null ? null : split.recentPriors(test, recency);
  }


  public Split split() {
    return split;
  }

  /** Which target list to rank. */
  public enum Part {
    VALIDATION,
    TEST
  }

  public List<Target> targets(Part part) {
    return part == Part.VALIDATION ? validation : test;
  }

  /** Per target of {@code part}, the popularity prior of every item at the target's timestamp. */
  public float[][] priors(Part part) {
    return part == Part.VALIDATION ? validationPriors : testPriors;
  }

  /** Per target of {@code part}, the recent popularity prior of every item at the target's timestamp. */
  private float[][] recentPriors(Part part) {
    if (recency == null) {
      throw new IllegalStateException("recent popularity is not counted by this evaluator");
    }
    return part == Part.VALIDATION ? validationRecent : testRecent;
  }

  /** Supplies the scores of every candidate item for a block of targets. */
  @FunctionalInterface
  public interface BlockScorer {
    /** Fills {@code out[b]} (length = item count) with the scores for {@code targets.get(b)}. */
    void score(List<Target> targets, float[][] out);
  }

  /** Ranks every target of {@code part} by the scores {@code scorer} gives. */
  public Evaluation evaluate(Part part, BlockScorer scorer) {
    return evaluate(part, 1, (block, out) -> scorer.score(block, out[0])).get(0);
  }

  /** Supplies several variants of the scores of every candidate item for a block of targets. */
  @FunctionalInterface
  interface VariantScorer {
    /** Fills {@code out[v][b]} with the scores of variant {@code v} for {@code targets.get(b)}. */
    void score(List<Target> targets, float[][][] out);
  }

  /** Ranks every target of {@code part} under each of {@code variants} score variants. */
  List<Evaluation> evaluate(Part part, int variants, VariantScorer scorer) {
    List<Target> targets = targets(part);
    int n = split.itemCount();
    int blocks = (targets.size() + BLOCK - 1) / BLOCK;
    double[][][] perTarget = new double[variants][targets.size()][];
    int[][][] tops = new int[variants][targets.size()][];
    IntStream.range(0, blocks).parallel().forEach(b -> {
      List<Target> block = targets.subList(b * BLOCK, Math.min(targets.size(), (b + 1) * BLOCK));
      float[][][] scores = new float[variants][block.size()][n];
      scorer.score(block, scores);
      for (int i = 0; i < block.size(); i++) {
        Target t = block.get(i);
        BitSet consumed = split.consumedBefore(t);
        for (int v = 0; v < variants; v++) {
          Metrics.Rank r = Metrics.rank(scores[v][i], t.item(), consumed);
          perTarget[v][t.index()] =
              new double[] {Metrics.ndcg(r, K), Metrics.hitRate(r, K), Metrics.reciprocalRank(r)};
          tops[v][t.index()] = Metrics.topK(scores[v][i], K, consumed);
        }
      }
    });
    List<Evaluation> out = new ArrayList<>(variants);
    for (int v = 0; v < variants; v++) {
      out.add(new Evaluation(
          summarise(targets, perTarget[v], tops[v], t -> true),
          summarise(targets, perTarget[v], tops[v], t -> split.isCold(t.item())),
          summarise(targets, perTarget[v], tops[v], t -> !split.isCold(t.item()))));
    }
    return out;
  }

  private MetricSet summarise(
      List<Target> targets, double[][] perTarget, int[][] tops, Predicate<Target> which) {
    int count = 0;
    double ndcg = 0;
    double hr = 0;
    double mrr = 0;
    BitSet shown = new BitSet(split.itemCount());
    for (Target t : targets) {
      if (!which.test(t)) {
        continue;
      }
      double[] m = perTarget[t.index()];
      ndcg += m[0];
      hr += m[1];
      mrr += m[2];
      for (int item : tops[t.index()]) {
        shown.set(item);
      }
      count++;
    }
    if (count == 0) {
      return MetricSet.EMPTY;
    }
    double coverage = shown.cardinality() / (double) split.itemCount();
    return new MetricSet(count, ndcg / count, hr / count, mrr / count, coverage);
  }

  /**
   * Ebb as the service serves it: per target, the user's earlier events folded with {@link InterestState#apply}
   * under the model's fold settings (fold-side vectors), the query vector at the target's timestamp, and the list
   * the service's {@link Ranker} makes from an exact scan of the index-side vectors (the candidate pool, consumed
   * items filtered, the popularity prior, the diversity pass). A target in that list ranks where the list puts it;
   * one outside it ranks after the list, by relevance (what MRR reads). A target whose query is empty (no interest
   * yet) gets the service's popular list: every item by its prior. A model with a place prior ranks each target
   * with the place its user was at before it ({@link Split#placeBefore}) as the query's context.
   */
  public Evaluation evaluateEbb(Part part, ServingModel model, ItemVectors vectors) {
    return evaluateEbb(part, List.of(model), vectors, StatedCaptures.NONE).get(0);
  }

  /** {@link #evaluateEbb} with the users' captures (vectors in the item space of {@code vectors}). */
  public Evaluation evaluateEbb(Part part, ServingModel model, ItemVectors vectors, StatedCaptures captures) {
    return evaluateEbb(part, List.of(model), vectors, captures).get(0);
  }

  /**
   * {@link #evaluateEbb} for models that share their fold settings and item vectors and differ in their ranking
   * only: the fold, the inner products and the candidate pool are computed once.
   */
  public List<Evaluation> evaluateEbb(
      Part part, List<ServingModel> models, ItemVectors vectors, StatedCaptures captures) {
    InterestSettings fold = models.get(0).interest();
    for (ServingModel m : models) {
      if (!m.interest().equals(fold)) {
        throw new IllegalArgumentException("models evaluated together must share their fold settings");
      }
    }
    float[][] queries = queries(targets(part), fold, vectors.fold(), captures);
    BlockScorer similarity = similarityScorer(queries, vectors);
    float[][] priors = priors(part);
    float[][] recent = models.stream().anyMatch(m -> m.ranking().usesRecency()) ? recentPriors(part) : null;
    float[][] index = vectors.index();
    int pool = models.stream().mapToInt(m -> m.ranking().poolFor(K)).max().orElse(K);
    int variants = models.size();
    boolean placed = split.hasPlaces() && models.stream().anyMatch(m -> m.ranking().place().isOn());
    return evaluate(part, variants, (block, out) -> {
      similarity.score(block, out[0]);
      for (int b = 0; b < block.size(); b++) {
        Target t = block.get(b);
        float[] prior = priors[t.index()];
        float[] q = queries[t.index()];
        if (q.length == 0) {
          for (int v = 0; v < variants; v++) {
            System.arraycopy(prior, 0, out[v][b], 0, prior.length);
          }
          continue;
        }
        float[] sim = out[0][b].clone();
        BitSet consumed = split.consumedBefore(t);
        List<Ranker.Neighbour<Integer>> nearest = nearest(sim, pool, consumed, index);
        Place here = placed ? split.placeBefore(t) : null;
        QueryContext context = here == null ? QueryContext.NONE : new QueryContext(here);
        double[] distance = here == null ? null : distancesFrom(here);
        List<Ranker.Neighbour<Integer>> closest =
            distance == null ? List.of() : closest(distance, pool, consumed, sim, index);
        float[] recentPrior = recent == null ? null : recent[t.index()];
        for (int v = variants - 1; v >= 0; v--) {
          Ranking ranking = models.get(v).ranking();
          double recency = ranking.popularityRecency();
          IntToDoubleFunction priorOf =
              recency == 0 ? j -> prior[j] : j -> Relevance.prior(prior[j], recentPrior[j], recency);
          Ranker<Integer> ranker = new Ranker<>(
              (query, k, excluded) -> nearest.subList(0, Math.min(k, nearest.size())), priorOf::applyAsDouble,
              split::itemPlace, (at, query, k, excluded) -> closest.subList(0, Math.min(k, closest.size())));
          PlacePrior near = ranking.place();
          float[] o = out[v][b];
          for (int j = 0; j < o.length; j++) {
            double boost = distance == null ? 0 : near.boost(distance[j]);
            o[j] = (float) Relevance.score(sim[j], priorOf.applyAsDouble(j), ranking.popularityWeight(), boost);
          }
          List<Ranker.Ranked<Integer>> served = ranker.rank(q, K, consumed::get, ranking, context);
          for (int p = 0; p < served.size(); p++) {
            o[served.get(p).item()] = SERVED + (K - p);
          }
        }
      }
    });
  }

  /** The distance from {@code here} to every item, {@code NaN} for an item without a place. */
  double[] distancesFrom(Place here) {
    double[] d = new double[split.itemCount()];
    for (int j = 0; j < d.length; j++) {
      d[j] = Place.distanceKm(here, split.itemPlace(j));
    }
    return d;
  }

  /** Above any relevance: the served list's scores, so it ranks first in its own order. */
  private static final float SERVED = 1e6f;

  /**
   * The {@code k} items of highest {@code sim} not in {@code consumed}, best first, ties by item index: the exact
   * index's answer (the service breaks ties by item id).
   */
  static List<Ranker.Neighbour<Integer>> nearest(float[] sim, int k, BitSet consumed, float[][] vectors) {
    java.util.PriorityQueue<Integer> worstFirst = new java.util.PriorityQueue<>(k + 1,
        (a, b) -> sim[a] != sim[b] ? Float.compare(sim[a], sim[b]) : Integer.compare(b, a));
    for (int j = 0; j < sim.length; j++) {
      if (consumed.get(j)) {
        continue;
      }
      if (worstFirst.size() < k) {
        worstFirst.add(j);
      } else {
        int worst = worstFirst.peek();
        if (sim[j] > sim[worst]) {
          worstFirst.poll();
          worstFirst.add(j);
        }
      }
    }
    Ranker.Neighbour<Integer>[] out = newArray(worstFirst.size());
    for (int i = out.length - 1; i >= 0; i--) {
      int j = worstFirst.poll();
      out[i] = new Ranker.Neighbour<>(j, sim[j], vectors[j]);
    }
    return List.of(out);
  }

  /**
   * The {@code k} items of smallest {@code distance} (known) not in {@code consumed}, nearest first, ties by item
   * index: the service's candidates by place, each with its similarity.
   */
  static List<Ranker.Neighbour<Integer>> closest(
      double[] distance, int k, BitSet consumed, float[] sim, float[][] vectors) {
    java.util.PriorityQueue<Integer> farthestFirst = new java.util.PriorityQueue<>(k + 1,
        (a, b) -> distance[a] != distance[b] ? Double.compare(distance[b], distance[a]) : Integer.compare(b, a));
    for (int j = 0; j < distance.length; j++) {
      if (consumed.get(j) || Double.isNaN(distance[j])) {
        continue;
      }
      if (farthestFirst.size() < k) {
        farthestFirst.add(j);
      } else if (distance[j] < distance[farthestFirst.peek()]) {
        farthestFirst.poll();
        farthestFirst.add(j);
      }
    }
    Ranker.Neighbour<Integer>[] out = newArray(farthestFirst.size());
    for (int i = out.length - 1; i >= 0; i--) {
      int j = farthestFirst.poll();
      out[i] = new Ranker.Neighbour<>(j, sim[j], vectors[j]);
    }
    return List.of(out);
  }

  @SuppressWarnings("unchecked")
  private static Ranker.Neighbour<Integer>[] newArray(int n) {
    return new Ranker.Neighbour[n];
  }

  /** The relevance scores (similarity plus prior, no pool or diversity) of every item, for blocks of targets. */
  public BlockScorer relevanceScorer(Part part, ServingModel model, ItemVectors vectors) {
    BlockScorer similarity = similarityScorer(queries(targets(part), model.interest(), vectors.fold()), vectors);
    float[][] priors = priors(part);
    double popularityWeight = model.ranking().popularityWeight();
    return (block, out) -> {
      similarity.score(block, out);
      for (int b = 0; b < block.size(); b++) {
        float[] prior = priors[block.get(b).index()];
        float[] o = out[b];
        for (int j = 0; j < o.length; j++) {
          o[j] = (float) Relevance.score(o[j], prior[j], popularityWeight);
        }
      }
    };
  }

  /** {@code query · index-side vector} for every item: many queries at once against the item matrix. */
  private static BlockScorer similarityScorer(float[][] queries, ItemVectors vectors) {
    float[][] transposed = transpose(vectors.index());
    return (block, out) -> {
      int d = transposed.length;
      for (int k = 0; k < d; k++) {
        float[] row = transposed[k];
        for (int b = 0; b < block.size(); b++) {
          float[] q = queries[block.get(b).index()];
          if (q.length == 0 || q[k] == 0f) {
            continue;
          }
          float qk = q[k];
          float[] o = out[b];
          for (int j = 0; j < o.length; j++) {
            o[j] += qk * row[j];
          }
        }
      }
    };
  }

  /**
   * The query vector of each target (by {@link Target#index()}): the user's events before it folded in order,
   * read at the target's timestamp. A zero-length array when the fold holds no interest.
   */
  public float[][] queries(List<Target> targets, InterestSettings settings, float[][] foldVectors) {
    return queries(targets, settings, foldVectors, StatedCaptures.NONE);
  }

  /**
   * {@link #queries}, with the user's captures before each target's instant folded when the stated component has
   * a share. Captures fold into the stated component only and events into the horizons only, so the two are
   * folded side by side, each in its own time order.
   *
   * @param captures vectors in the item space of {@code foldVectors}
   */
  public float[][] queries(
      List<Target> targets, InterestSettings settings, float[][] foldVectors, StatedCaptures captures) {
    boolean stated = settings.stated().mix() > 0;
    float[][] queries = new float[targets.size()][];
    Map<Integer, List<Target>> byUser = targets.stream().collect(Collectors.groupingBy(Target::user));
    List<Integer> users = new ArrayList<>(byUser.keySet());
    users.parallelStream().forEach(u -> {
      List<Target> mine = new ArrayList<>(byUser.get(u));
      mine.sort((a, b) -> Integer.compare(a.position(), b.position()));
      UserEvents events = split.users().get(u);
      List<StatedCaptures.Capture> userCaptures = stated ? captures.of(u) : List.of();
      InterestState state = InterestState.empty(settings);
      int next = 0;
      int nextCapture = 0;
      for (Target t : mine) {
        for (; next < t.position(); next++) {
          state = fold(state, settings, events, next, foldVectors);
        }
        while (nextCapture < userCaptures.size() && userCaptures.get(nextCapture).epochMilli() < t.epochMilli()) {
          StatedCaptures.Capture c = userCaptures.get(nextCapture++);
          state = state.capture(settings, Instant.ofEpochMilli(c.epochMilli()), c.topics(), c.vectors());
        }
        queries[t.index()] =
            state.queryVector(settings, Instant.ofEpochMilli(t.epochMilli()), settings.time().zone(split.zoneBefore(t)));
      }
    });
    return queries;
  }

  private static InterestState fold(
      InterestState state, InterestSettings settings, UserEvents events, int i, float[][] foldVectors) {
    EventType type = events.types()[i];
    double weight = settings.weights().weightOf(type, events.value(i));
    return state.apply(settings, Instant.ofEpochMilli(events.times()[i]), weight, foldVectors[events.items()[i]],
        List.of(), settings.time().zone(events.zones()[i]));
  }

  static float[][] transpose(float[][] m) {
    int n = m.length;
    int d = n == 0 ? 0 : m[0].length;
    float[][] t = new float[d][n];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < d; k++) {
        t[k][j] = m[j][k];
      }
    }
    return t;
  }

  /** Helper for baselines that score one target at a time. */
  public static BlockScorer perTarget(IntFunction<float[]> scoresOfTarget) {
    return (block, out) -> {
      for (int b = 0; b < block.size(); b++) {
        float[] s = scoresOfTarget.apply(block.get(b).index());
        System.arraycopy(s, 0, out[b], 0, s.length);
      }
    };
  }
}
