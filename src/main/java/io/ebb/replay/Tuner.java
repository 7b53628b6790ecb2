package io.ebb.replay;

import io.ebb.model.ItemSpace;
import io.ebb.model.ModelLabel;
import io.ebb.model.ServingModel;
import io.ebb.catalog.EmbeddingModels;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.replay.Evaluator.Part;
import io.ebb.replay.TuneResult.ColdStats;
import io.ebb.replay.TuneResult.MethodResult;
import io.ebb.replay.TuneResult.PlaceComparison;
import io.ebb.replay.TuneResult.RecencyComparison;
import io.ebb.replay.TuneResult.StatedComparison;
import io.ebb.replay.TuneResult.SweepRow;
import io.ebb.replay.TuneResult.TimeComparison;
import io.ebb.replay.TuneResult.Timings;
import io.ebb.model.CfParams;
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
 * Scores a grid of {@link ServingModel} settings on a dataset under a {@link Protocol}, chooses the best on the
 * validation targets, and reports it, the baselines and the no-decay and text-only variants on the test targets.
 * What the {@code eval} command runs on files and the {@code tune} command on journals.
 *
 * <p>Then the stated component: the shares of a {@link StatedSweep} are tried on top of the best setting, with the
 * captures the journal recorded or, for a dataset without any, the built-in summariser's simulated
 * ({@link CaptureSimulation}). The best of all is chosen on validation targets as before, so a share is served only
 * when replay shows it helps; the report compares the best without a share and the best with one.
 *
 * <p>Then context, on top of the best setting so far ({@code ebb-nocontext}): the time settings of a {@link TimeSweep}
 * (each a fold of its own), the place priors of a {@link PlaceSweep} where items have places, and both together
 * where each gains alone. A part is served only where validation NDCG@10 is higher; the report shows each alone.
 */
public final class Tuner {

  private Tuner() {}

  /** Leave-one-out, text embedded by the default model, the standard stated shares. */
  public static TuneResult tune(Dataset dataset, List<ServingModel> grid, ProgressListener progress) throws IOException {
    TextSource text = TextSource.embedder(ItemEmbedder.of(EmbeddingModels.DEFAULT), null);
    return tune(dataset, Protocol.LOO, text, grid, progress);
  }

  /** With the {@link StatedSweep#standard} stated shares. */
  public static TuneResult tune(
      Dataset dataset, Protocol protocol, TextSource text, List<ServingModel> grid, ProgressListener progress)
      throws IOException {
    return tune(dataset, protocol, text, grid, StatedSweep.standard(), progress);
  }

  /** With the {@link RankingSweep#standard} ranking knobs. */
  public static TuneResult tune(
      Dataset dataset, Protocol protocol, TextSource text, List<ServingModel> grid, StatedSweep statedSweep,
      ProgressListener progress) throws IOException {
    return tune(dataset, protocol, text, grid, statedSweep, RankingSweep.standard(), progress);
  }

  /** With the {@link TimeSweep#standard} time-context settings. */
  public static TuneResult tune(
      Dataset dataset, Protocol protocol, TextSource text, List<ServingModel> grid, StatedSweep statedSweep,
      RankingSweep rankingSweep, ProgressListener progress) throws IOException {
    return tune(dataset, protocol, text, grid, statedSweep, rankingSweep, TimeSweep.standard(), progress);
  }

  /** Without recent popularity. */
  public static TuneResult tune(
      Dataset dataset, Protocol protocol, TextSource text, List<ServingModel> grid, StatedSweep statedSweep,
      RankingSweep rankingSweep, TimeSweep timeSweep, ProgressListener progress) throws IOException {
    return tune(dataset, protocol, text, grid, statedSweep, rankingSweep, timeSweep, RecencySweep.OFF, progress);
  }

  public static TuneResult tune(
      Dataset dataset, Protocol protocol, TextSource text, List<ServingModel> grid, StatedSweep statedSweep,
      RankingSweep rankingSweep, TimeSweep timeSweep, RecencySweep recencySweep, ProgressListener progress)
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
    Evaluator evaluator = new Evaluator(split, recencySweep.recency());
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
    for (ServingModel c : grid) {
      if (c.items().usesCf() && !cf.containsKey(c.items().cf())) {
        long t = System.nanoTime();
        CollaborativeVectors learned = CooccurrenceEmbedding.learn(split.training(), c.items().cf());
        float[][] history = new float[split.itemCount()][];
        float[][] candidate = new float[split.itemCount()][];
        for (int i = 0; i < history.length; i++) {
          history[i] = learned.historySide(split.itemId(i)).orElse(null);
          candidate[i] = learned.candidateSide(split.itemId(i)).orElse(null);
        }
        cf.put(c.items().cf(), new float[][][] {history, learned.isSymmetric() ? history : candidate});
        progress.phase(String.format(Locale.ROOT,
            "collaborative vectors (%s) learned from %d training events in %.1f s", c.items().cf().label(), split.training().size(), (System.nanoTime() - t) / 1e9));
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
    double nearbyScale = Double.NaN;
    if (split.hasPlaces()) {
      Evaluation bestNearby = null;
      List<Double> scales = NearbyPopular.SCALES_KM;
      List<Evaluation> nearby = evaluator.evaluate(
          Part.VALIDATION, scales.size(), NearbyPopular.scorer(evaluator, Part.VALIDATION, scales));
      for (int i = 0; i < scales.size(); i++) {
        if (bestNearby == null || nearby.get(i).all().ndcg10() > bestNearby.all().ndcg10()) {
          bestNearby = nearby.get(i);
          nearbyScale = scales.get(i);
        }
      }
      methods.put("nearby-popular", new MethodResult("nearby-popular", null, bestNearby,
          evaluator.evaluate(Part.TEST, NearbyPopular.scorer(evaluator, Part.TEST, nearbyScale))));
      progress.phase(String.format(Locale.ROOT, "nearby-popular: scale %s km chosen on validation", nearbyScale));
    }
    long baselines = System.nanoTime();
    progress.phase(String.format(Locale.ROOT, "baselines done in %.1f s", (baselines - learned) / 1e9));

    Map<ItemSpace, ItemVectors> vectorsCache = new HashMap<>();
    Function<ServingModel, ItemVectors> vectors = c -> vectorsCache.computeIfAbsent(
        spaceKey(c), key -> itemVectors(textVectors, c.items().usesCf() ? cf.get(c.items().cf()) : null, c));
    // Settings that differ only in their ranking share the fold, the inner products and the candidate pool.
    Map<List<Object>, List<ServingModel>> groups = new LinkedHashMap<>();
    for (ServingModel c : grid) {
      groups.computeIfAbsent(List.of(c.interest(), spaceKey(c)), k -> new ArrayList<>()).add(c);
    }
    Map<ServingModel, Evaluation> validation = new HashMap<>();
    PlaceSweep placeSweep = split.hasPlaces() ? PlaceSweep.standard() : PlaceSweep.OFF;
    int recencySize = recencySweep.shares().size()
        * (1 + (split.hasPlaces() ? placeSweep : PlaceSweep.standard()).popularityWeights().size())
        + (recencySweep.isOff() ? 0 : placeSweep.size());
    int total = grid.size() + statedSweep.size() + rankingSweep.size() + timeSweep.size() + placeSweep.size()
        + recencySize
        + (timeSweep.size() > 0 && placeSweep.size() > 0 ? 1 + placeSweep.popularityWeights().size() : 0);
    int done = 0;
    for (List<ServingModel> group : groups.values()) {
      ServingModel first = group.get(0);
      List<Evaluation> results =
          evaluator.evaluateEbb(Part.VALIDATION, group, vectors.apply(first), StatedCaptures.NONE);
      for (int i = 0; i < group.size(); i++) {
        validation.putIfAbsent(group.get(i), results.get(i));
        progress.settingDone(++done, total, Duration.ofNanos(System.nanoTime() - baselines), group.get(i),
            results.get(i).all());
      }
    }
    List<SweepRow> sweep = grid.stream().map(c -> new SweepRow(c, validation.get(c).all())).toList();
    long swept = System.nanoTime();

    // Every setting of the grid is servable (asymmetric item vectors too): the best on validation wins.
    ServingModel unstated = bestOf(sweep, c -> true).orElseThrow();
    Optional<ServingModel> symmetric = bestOf(sweep, c -> !c.items().asymmetric());
    Optional<ServingModel> asymmetric = bestOf(sweep, c -> c.items().asymmetric());

    // The stated shares, on top of the best setting without one.
    Map<ItemSpace, StatedCaptures> capturesCache = new HashMap<>();
    StatedCaptures textCaptures = StatedCaptures.NONE;
    List<SweepRow> statedRows = List.of();
    if (!statedSweep.isOff()) {
      textCaptures = captures(split, unstated, textVectors, text, statedSweep.simulation(), progress);
      if (textCaptures.count() > 0) {
        statedRows = new ArrayList<>();
        for (ServingModel c : statedSweep.on(unstated)) {
          done = score(evaluator, List.of(c), vectors.apply(c), capturesIn(c, textCaptures, capturesCache),
              validation, statedRows, progress, done, total, baselines);
        }
      } else {
        progress.phase("no captures: a stated share cannot change a ranking, none is tried");
      }
    }
    StatedCaptures allCaptures = textCaptures;
    Function<ServingModel, StatedCaptures> capturesFor =
        c -> c.usesStated() ? capturesIn(c, allCaptures, capturesCache) : StatedCaptures.NONE;
    Optional<ServingModel> stated = bestOf(statedRows, c -> true);
    // Chosen like any other knob: a share only when its validation NDCG@10 is higher (a tie keeps mix 0).
    ServingModel beforeRanking = stated
        .filter(c -> validation.get(c).all().ndcg10() > validation.get(unstated).all().ndcg10())
        .orElse(unstated);
    long statedDone = System.nanoTime();

    // The ranking's own knobs, on top of that: the diversity pass and the candidate pool, kept only when
    // validation NDCG@10 is higher. Every row is reported, so the cost or gain of diversity is visible.
    List<SweepRow> rankingRows = new ArrayList<>();
    rankingRows.add(new SweepRow(beforeRanking, validation.get(beforeRanking).all()));
    done = score(evaluator, rankingSweep.on(beforeRanking), vectors.apply(beforeRanking),
        capturesFor.apply(beforeRanking), validation, rankingRows, progress, done, total, baselines);
    ServingModel noContext = bestOf(rankingRows, c -> true).orElse(beforeRanking);
    Predicate<ServingModel> gains = c -> validation.get(c).all().ndcg10() > validation.get(noContext).all().ndcg10();

    // Time context, on top of that: each share and half-life is a fold of its own.
    List<SweepRow> timeRows = new ArrayList<>();
    for (ServingModel c : timeSweep.on(noContext)) {
      done = score(evaluator, List.of(c), vectors.apply(c), capturesFor.apply(c), validation, timeRows, progress,
          done, total, baselines);
    }
    Optional<ServingModel> bestTimed = bestOf(timeRows, c -> true);

    // The place prior, on top of the setting without context, where items have places.
    List<SweepRow> placeRows = new ArrayList<>();
    done = score(evaluator, placeSweep.on(noContext), vectors.apply(noContext), capturesFor.apply(noContext),
        validation, placeRows, progress, done, total, baselines);
    List<ServingModel> popular = bestOf(placeRows, c -> true).map(placeSweep::popularityOn).orElse(List.of());
    done = score(evaluator, popular, vectors.apply(noContext), capturesFor.apply(noContext), validation, placeRows,
        progress, done, total, baselines);
    Optional<ServingModel> bestPlaced = bestOf(placeRows, c -> true);

    // Recent popularity, on top of the best setting with context so far (the place prior where it gains); then,
    // with the best share, the place priors again (what is near enough to beat what is popular now need not be
    // what was near enough to beat what was ever popular) and the popularity weights.
    List<SweepRow> recencyRows = new ArrayList<>();
    ServingModel beforeRecency = bestPlaced.filter(gains).orElse(noContext);
    if (!recencySweep.isOff()) {
      // Every share with every popularity weight: a share matters only as much as the prior's weight lets it.
      PlaceSweep weights = split.hasPlaces() ? placeSweep : PlaceSweep.standard();
      List<ServingModel> shares = new ArrayList<>();
      for (ServingModel share : recencySweep.on(beforeRecency)) {
        shares.add(share);
        shares.addAll(weights.popularityOn(share));
      }
      ItemVectors sameVectors = vectors.apply(beforeRecency);
      StatedCaptures sameCaptures = capturesFor.apply(beforeRecency);
      done = score(evaluator, shares, sameVectors, sameCaptures, validation, recencyRows, progress, done, total,
          baselines);
      if (split.hasPlaces()) {
        ServingModel share = bestOf(recencyRows, c -> true).orElseThrow();
        done = score(evaluator, untried(placeSweep.on(share), validation), sameVectors, sameCaptures, validation,
            recencyRows, progress, done, total, baselines);
        ServingModel sharePlaced = bestOf(recencyRows, c -> true).orElseThrow();
        done = score(evaluator, untried(placeSweep.popularityOn(sharePlaced), validation), sameVectors, sameCaptures,
            validation, recencyRows, progress, done, total, baselines);
      }
    }
    Optional<ServingModel> bestRecent = bestOf(recencyRows, c -> true);
    List<SweepRow> rankedRows = new ArrayList<>(placeRows);
    rankedRows.addAll(recencyRows);
    Optional<ServingModel> bestRanked = bestOf(rankedRows, c -> true);

    // Both, where each gains alone: the time setting's fold with the place prior's ranking, and the popularity
    // weights again on top (with the hour's taste in the query, popularity may count for less).
    List<SweepRow> bothRows = new ArrayList<>();
    if (bestTimed.filter(gains).isPresent() && bestRanked.filter(gains).isPresent()) {
      ServingModel both = bestTimed.get().withRanking(bestRanked.get().ranking());
      List<ServingModel> settings = new ArrayList<>();
      settings.add(both);
      settings.addAll(placeSweep.popularityOn(both));
      done = score(evaluator, settings, vectors.apply(both), capturesFor.apply(both), validation, bothRows,
          progress, done, total, baselines);
    }
    // A context part is served only when validation NDCG@10 is higher than without it (a tie keeps it off).
    List<SweepRow> contextRows = new ArrayList<>();
    contextRows.add(new SweepRow(noContext, validation.get(noContext).all()));
    contextRows.addAll(timeRows);
    contextRows.addAll(placeRows);
    contextRows.addAll(recencyRows);
    contextRows.addAll(bothRows);
    ServingModel best = bestOf(contextRows, c -> true).orElse(noContext);

    // Without decay, but the same kind of item vectors as the chosen one, so only the decay differs.
    ServingModel noDecay = bestOf(sweep, c -> c.noDecay() && c.items().asymmetric() == unstated.items().asymmetric()
            && c.items().usesCf() == unstated.items().usesCf())
        .orElse(unstated.withoutDecay());
    Optional<ServingModel> textOnly = bestOf(sweep, c -> !c.items().usesCf());
    textOnly.ifPresent(c -> methods.put("ebb-text", ebb("ebb-text", c, evaluator, validation, vectors, capturesFor)));
    methods.put("ebb-nodecay", ebb("ebb-nodecay", noDecay, evaluator, validation, vectors, capturesFor));
    MethodResult chosen = ebb("ebb", best, evaluator, validation, vectors, capturesFor);
    MethodResult withoutContext = best.equals(noContext) ? chosen.named("ebb-nocontext")
        : ebb("ebb-nocontext", noContext, evaluator, validation, vectors, capturesFor);
    double nearbyScaleKm = nearbyScale;
    PlaceComparison placeComparison = bestPlaced
        .map(c -> new PlaceComparison(nearbyScaleKm, placeRows, withoutContext,
            c.equals(best) ? chosen.named("ebb-place")
                : ebb("ebb-place", c, evaluator, validation, vectors, capturesFor)))
        .orElse(PlaceComparison.NONE);
    methods.put("ebb-nocontext", withoutContext);
    MethodResult timed = bestTimed
        .map(c -> c.equals(best) ? chosen.named("ebb-time")
            : ebb("ebb-time", c, evaluator, validation, vectors, capturesFor))
        .orElse(null);
    TimeComparison timeComparison = new TimeComparison(timeRows, withoutContext, timed);
    if (timed != null) {
      methods.put("ebb-time", timed);
    }
    if (placeComparison.tried()) {
      methods.put("ebb-place", placeComparison.with());
    }
    RecencyComparison recencyComparison = bestRecent
        .map(c -> new RecencyComparison(recencySweep.recency().halfLife(), recencyRows,
            beforeRecency.equals(noContext) ? withoutContext : placeComparison.with(),
            c.equals(best) ? chosen.named("ebb-recent")
                : ebb("ebb-recent", c, evaluator, validation, vectors, capturesFor)))
        .orElse(RecencyComparison.NONE);
    if (recencyComparison.tried()) {
      methods.put("ebb-recent", recencyComparison.with());
    }
    methods.put("ebb", chosen);
    MethodResult without = best.usesStated()
        ? ebb("ebb-unstated", unstated, evaluator, validation, vectors, capturesFor)
        : chosen;
    MethodResult with = null;
    if (stated.isPresent()) {
      if (best.usesStated()) {
        methods.put("ebb-unstated", without);
        with = chosen.named("ebb-stated");
      } else {
        with = ebb("ebb-stated", stated.get(), evaluator, validation, vectors, capturesFor);
      }
      methods.put("ebb-stated", with);
    }
    if (symmetric.isPresent() && asymmetric.isPresent()) {
      methods.put("ebb-symmetric", ebb("ebb-symmetric", symmetric.get(), evaluator, validation, vectors, capturesFor));
      methods.put("ebb-asymmetric",
          ebb("ebb-asymmetric", asymmetric.get(), evaluator, validation, vectors, capturesFor));
    }
    // The ranking rows share their fold and inner products: one pass over the test targets scores them all.
    List<ServingModel> rankingSettings = rankingRows.stream().map(SweepRow::candidate).toList();
    List<Evaluation> rankingTests = evaluator.evaluateEbb(
        Part.TEST, rankingSettings, vectors.apply(beforeRanking), capturesFor.apply(beforeRanking));
    List<MethodResult> rankingTest = new ArrayList<>();
    for (int i = 0; i < rankingSettings.size(); i++) {
      ServingModel c = rankingSettings.get(i);
      rankingTest.add(new MethodResult("ranking", c, validation.get(c), rankingTests.get(i)));
    }
    StatedComparison statedComparison = new StatedComparison(
        statedSweep.isOff() ? "off" : textCaptures.source(), textCaptures.count(), statedRows, without, with);
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
        millis(baselines, swept), millis(swept, statedDone), millis(statedDone, finished), millis(start, finished));
    return new TuneResult(dataset.name(), protocol, protocol.describe(Split.CORE), split.stats(), cold, methods, best,
        sweep, statedComparison, rankingTest, timeComparison, placeComparison, recencyComparison, timings);
  }

  /** The settings not scored yet. */
  private static List<ServingModel> untried(List<ServingModel> settings, Map<ServingModel, Evaluation> validation) {
    return settings.stream().filter(c -> !validation.containsKey(c)).toList();
  }

  /**
   * Scores {@code settings} (one fold: they share their fold settings and item vectors) on the validation targets,
   * records each in {@code validation} and {@code rows} and reports it; the count of settings done.
   */
  private static int score(
      Evaluator evaluator, List<ServingModel> settings, ItemVectors vectors, StatedCaptures captures,
      Map<ServingModel, Evaluation> validation, List<SweepRow> rows, ProgressListener progress, int done, int total,
      long since) {
    if (settings.isEmpty()) {
      return done;
    }
    List<Evaluation> results = evaluator.evaluateEbb(Part.VALIDATION, settings, vectors, captures);
    for (int i = 0; i < settings.size(); i++) {
      validation.putIfAbsent(settings.get(i), results.get(i));
      rows.add(new SweepRow(settings.get(i), results.get(i).all()));
      progress.settingDone(++done, total, Duration.ofNanos(System.nanoTime() - since), settings.get(i),
          results.get(i).all());
    }
    return done;
  }

  /**
   * The users' captures as text vectors: those the journal recorded when it recorded any (the truth: a model's
   * answers cannot be asked for again), else the built-in summariser's, simulated under {@code base}'s tag
   * settings.
   */
  private static StatedCaptures captures(
      Split split, ServingModel base, float[][] textVectors, TextSource text, CaptureSimulation simulation,
      ProgressListener progress) throws IOException {
    long t = System.nanoTime();
    int textDimension = textVectors.length == 0 ? 0 : textVectors[0].length;
    StatedCaptures captures;
    if (split.recordedCaptureCount() > 0) {
      captures = StatedCaptures.recorded(split, textDimension);
      int skipped = split.recordedCaptureCount() - captures.count();
      if (skipped > 0) {
        progress.phase(skipped + " recorded captures state no topic or were embedded by another model: left out");
      }
    } else {
      progress.phase("simulating captures of stated interests (idle after "
          + ModelLabel.shortDuration(simulation.idleAfter()) + ", the built-in summariser)");
      captures = simulation.simulate(split, base.interest(), text);
    }
    progress.phase(
        String.format(Locale.ROOT, "stated: %s in %.1f s", captures.describe(), (System.nanoTime() - t) / 1e9));
    return captures;
  }

  /** {@code captures} in the item space of {@code c}: a topic's text vector blended as an item without cf part. */
  private static StatedCaptures capturesIn(
      ServingModel c, StatedCaptures captures, Map<ItemSpace, StatedCaptures> cache) {
    return cache.computeIfAbsent(spaceKey(c), key -> captures.inItemSpace(key::ofText));
  }

  /**
   * The item vectors of candidate {@code c}: text and collaborative parts blended ({@link ItemSpace#of}); one
   * matrix for both sides unless the collaborative part is asymmetric.
   *
   * @param cf history and candidate sides by item index (the same array when symmetric), or {@code null}
   */
  static ItemVectors itemVectors(float[][] text, float[][][] cf, ServingModel c) {
    float[][] fold = blend(text, cf == null ? null : cf[0], c);
    return cf == null || cf[0] == cf[1] ? ItemVectors.symmetric(fold) : new ItemVectors(fold, blend(text, cf[1], c));
  }

  private static float[][] blend(float[][] text, float[][] cf, ServingModel c) {
    float[][] out = new float[text.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = c.items().of(text[i], cf == null ? null : cf[i]);
    }
    return out;
  }

  private static MethodResult ebb(
      String name, ServingModel c, Evaluator evaluator, Map<ServingModel, Evaluation> validation,
      Function<ServingModel, ItemVectors> vectors, Function<ServingModel, StatedCaptures> captures) {
    Evaluation v = validation.get(c);
    if (v == null) {
      v = evaluator.evaluateEbb(Part.VALIDATION, c, vectors.apply(c), captures.apply(c));
    }
    Evaluation t =
        evaluator.evaluateEbb(Part.TEST, c, vectors.apply(c), captures.apply(c));
    return new MethodResult(name, c, v, t);
  }

  /** The highest validation NDCG@10 among the rows that pass {@code which}; the earliest on a tie. */
  private static Optional<ServingModel> bestOf(List<SweepRow> sweep, Predicate<ServingModel> which) {
    SweepRow best = null;
    for (SweepRow r : sweep) {
      if (which.test(r.candidate()) && (best == null || r.validation().ndcg10() > best.validation().ndcg10())) {
        best = r;
      }
    }
    return Optional.ofNullable(best).map(SweepRow::candidate);
  }

  /** What decides a candidate's item vectors (its item space, cf parameters only when used): shared matrices. */
  private static ItemSpace spaceKey(ServingModel c) {
    ItemSpace items = c.items();
    return items.usesCf() ? items : items.withCf(CfParams.defaults());
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
