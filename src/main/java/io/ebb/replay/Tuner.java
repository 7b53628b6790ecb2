package io.ebb.replay;

import io.ebb.catalog.EmbeddingModels;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.replay.Evaluator.Part;
import io.ebb.replay.TuneResult.ColdStats;
import io.ebb.replay.TuneResult.MethodResult;
import io.ebb.replay.TuneResult.SweepRow;
import io.ebb.replay.TuneResult.Timings;
import io.ebb.replay.cf.CfParams;
import io.ebb.replay.cf.CollaborativeVectors;
import io.ebb.replay.cf.CooccurrenceEmbedding;
import io.ebb.replay.data.Dataset;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Scores a grid of {@link Candidate} settings on a dataset under a {@link Protocol}, chooses the best on the
 * validation targets, and reports it, the baselines and the no-decay and text-only variants on the test targets.
 * What the {@code eval} command runs on files and the {@code tune} command on journals.
 */
public final class Tuner {

  private Tuner() {}

  /** Leave-one-out, text embedded by the default model. */
  public static TuneResult tune(Dataset dataset, List<Candidate> grid, ProgressListener progress) throws IOException {
    TextSource text = TextSource.embedder(ItemEmbedder.of(EmbeddingModels.DEFAULT), null);
    return tune(dataset, Protocol.LOO, text, grid, progress);
  }

  public static TuneResult tune(
      Dataset dataset, Protocol protocol, TextSource text, List<Candidate> grid, ProgressListener progress)
      throws IOException {
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("the grid holds no setting");
    }
    long start = System.nanoTime();
    progress.phase("preparing " + dataset.name() + " (" + dataset.interactions().size() + " events, "
        + dataset.items().size() + " items) under protocol " + protocol.name().toLowerCase(Locale.ROOT));
    Split split = Split.of(dataset, protocol);
    if (split.validation().isEmpty() || split.test().isEmpty()) {
      throw new IllegalArgumentException("no validation or test targets left after the " + Split.CORE
          + "-core filter: " + split.stats());
    }
    Evaluator evaluator = new Evaluator(split);
    long prepared = System.nanoTime();
    progress.phase(String.format(Locale.ROOT,
        "%d users, %d items, %d events after the %d-core filter; %d validation and %d test targets",
        split.stats().users(), split.stats().items(), split.stats().events(), Split.CORE,
        split.validation().size(), split.test().size()));

    progress.phase("text vectors for " + split.itemCount() + " items");
    float[][] textVectors = text.vectors(split.items());
    long embedded = System.nanoTime();
    progress.phase(String.format(Locale.ROOT, "text vectors done in %.1f s", (embedded - prepared) / 1e9));

    Map<CfParams, float[][][]> cf = new LinkedHashMap<>();
    for (Candidate c : grid) {
      if (c.usesCf() && !cf.containsKey(c.cf())) {
        long t = System.nanoTime();
        CollaborativeVectors learned = CooccurrenceEmbedding.learn(split.training(), c.cf());
        float[][] history = new float[split.itemCount()][];
        float[][] candidate = new float[split.itemCount()][];
        for (int i = 0; i < history.length; i++) {
          history[i] = learned.historySide(split.itemId(i)).orElse(null);
          candidate[i] = learned.candidateSide(split.itemId(i)).orElse(null);
        }
        cf.put(c.cf(), new float[][][] {history, learned.isSymmetric() ? history : candidate});
        progress.phase(String.format(Locale.ROOT,
            "collaborative vectors (%s) learned from %d training events in %.1f s", c.cf().label(), split.training().size(), (System.nanoTime() - t) / 1e9));
      }
    }
    long learned = System.nanoTime();

    Map<String, MethodResult> methods = new LinkedHashMap<>();
    float[][] validationPriors = evaluator.priors(Part.VALIDATION);
    float[][] testPriors = evaluator.priors(Part.TEST);
    methods.put("popularity", new MethodResult("popularity", null,
        evaluator.evaluate(Part.VALIDATION, Evaluator.perTarget(i -> validationPriors[i])),
        evaluator.evaluate(Part.TEST, Evaluator.perTarget(i -> testPriors[i]))));
    ItemKnn knn = ItemKnn.learn(split);
    methods.put("itemknn", new MethodResult("itemknn", null,
        evaluator.evaluate(Part.VALIDATION, knn.scorer(split)), evaluator.evaluate(Part.TEST, knn.scorer(split))));
    long baselines = System.nanoTime();
    progress.phase(String.format(Locale.ROOT, "baselines done in %.1f s", (baselines - learned) / 1e9));

    Map<BlendKey, ItemVectors> vectorsCache = new HashMap<>();
    Function<Candidate, ItemVectors> vectors = c -> vectorsCache.computeIfAbsent(
        BlendKey.of(c), key -> itemVectors(textVectors, c.usesCf() ? cf.get(c.cf()) : null, c));
    // Settings that differ only in their popularity weight share the fold and the inner products.
    Map<List<Object>, List<Candidate>> groups = new LinkedHashMap<>();
    for (Candidate c : grid) {
      groups.computeIfAbsent(List.of(c.interest(), BlendKey.of(c)), k -> new ArrayList<>()).add(c);
    }
    Map<Candidate, Evaluation> validation = new HashMap<>();
    int done = 0;
    for (List<Candidate> group : groups.values()) {
      Candidate first = group.get(0);
      List<Evaluation> results = evaluator.evaluateEbb(Part.VALIDATION, first.interest(),
          group.stream().map(Candidate::popularityWeight).toList(), vectors.apply(first));
      for (int i = 0; i < group.size(); i++) {
        validation.putIfAbsent(group.get(i), results.get(i));
        progress.settingDone(++done, grid.size(), Duration.ofNanos(System.nanoTime() - baselines), group.get(i),
            results.get(i).all());
      }
    }
    List<SweepRow> sweep = grid.stream().map(c -> new SweepRow(c, validation.get(c).all())).toList();
    long swept = System.nanoTime();

    // The service folds and indexes one vector per item: "ebb" chooses among such settings only.
    Optional<Candidate> servable = bestOf(sweep, c -> !c.asymmetric());
    Optional<Candidate> asymmetric = bestOf(sweep, Candidate::asymmetric);
    Candidate best = servable.orElseGet(asymmetric::orElseThrow);
    // Without decay, but the same kind of item vectors as the chosen one, so only the decay differs.
    Candidate noDecay = bestOf(sweep, c -> c.noDecay() && !c.asymmetric() && c.usesCf() == best.usesCf())
        .orElse(best.withoutDecay());
    Optional<Candidate> textOnly = bestOf(sweep, c -> !c.usesCf());
    textOnly.ifPresent(c -> methods.put("ebb-text", ebb("ebb-text", c, evaluator, validation, vectors)));
    methods.put("ebb-nodecay", ebb("ebb-nodecay", noDecay, evaluator, validation, vectors));
    methods.put("ebb", ebb("ebb", best, evaluator, validation, vectors));
    if (servable.isPresent() && asymmetric.isPresent()) {
      methods.put("ebb-asymmetric", ebb("ebb-asymmetric", asymmetric.get(), evaluator, validation, vectors));
    }
    long finished = System.nanoTime();

    int coldItems = 0;
    for (int i = 0; i < split.itemCount(); i++) {
      coldItems += split.isCold(i) ? 1 : 0;
    }
    ColdStats cold = new ColdStats(coldItems,
        (int) split.validation().stream().filter(t -> split.isCold(t.item())).count(),
        (int) split.test().stream().filter(t -> split.isCold(t.item())).count());
    Timings timings = new Timings(
        millis(start, prepared), millis(prepared, embedded), millis(embedded, learned), millis(learned, baselines),
        millis(baselines, swept), millis(swept, finished), millis(start, finished));
    return new TuneResult(dataset.name(), protocol, protocol.describe(Split.CORE), split.stats(), cold, methods, best,
        sweep, timings);
  }

  /**
   * The item vectors of candidate {@code c}: text and collaborative parts blended ({@link VectorBlend}); one
   * matrix for both sides unless the collaborative part is asymmetric.
   *
   * @param cf history and candidate sides by item index (the same array when symmetric), or {@code null}
   */
  static ItemVectors itemVectors(float[][] text, float[][][] cf, Candidate c) {
    float[][] fold = blend(text, cf == null ? null : cf[0], c);
    return cf == null || cf[0] == cf[1] ? ItemVectors.symmetric(fold) : new ItemVectors(fold, blend(text, cf[1], c));
  }

  private static float[][] blend(float[][] text, float[][] cf, Candidate c) {
    float[][] out = new float[text.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = VectorBlend.of(text[i], cf == null ? null : cf[i], c);
    }
    return out;
  }

  private static MethodResult ebb(
      String name, Candidate c, Evaluator evaluator, Map<Candidate, Evaluation> validation,
      Function<Candidate, ItemVectors> vectors) {
    Evaluation v = validation.get(c);
    if (v == null) {
      v = evaluator.evaluateEbb(Part.VALIDATION, c.interest(), c.popularityWeight(), vectors.apply(c));
    }
    Evaluation t = evaluator.evaluateEbb(Part.TEST, c.interest(), c.popularityWeight(), vectors.apply(c));
    return new MethodResult(name, c, v, t);
  }

  /** The highest validation NDCG@10 among the rows that pass {@code which}; the earliest on a tie. */
  private static Optional<Candidate> bestOf(List<SweepRow> sweep, Predicate<Candidate> which) {
    SweepRow best = null;
    for (SweepRow r : sweep) {
      if (which.test(r.candidate()) && (best == null || r.validation().ndcg10() > best.validation().ndcg10())) {
        best = r;
      }
    }
    return Optional.ofNullable(best).map(SweepRow::candidate);
  }

  /** What decides a candidate's item vectors; candidates that share it share one matrix. */
  private record BlendKey(double text, double cf, CfParams params) {
    static BlendKey of(Candidate c) {
      return new BlendKey(c.textWeight(), c.cfWeight(), c.usesCf() ? c.cf() : null);
    }
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
