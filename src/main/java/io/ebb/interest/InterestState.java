package io.ebb.interest;

import java.beans.Transient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user's interest: one decayed vector per horizon, plus decayed tag weights. Immutable; every method that
 * changes something returns a new state.
 *
 * <h2>The fold</h2>
 * Each horizon {@code h} (half-life {@code T_h}) holds a vector {@code v_h} that is exact "as of" the instant
 * {@code t_h}. An event at {@code t} with weight {@code w} on an item with vector {@code e} does
 * <pre>
 *   v_h ← v_h · 2^(−(t − t_h)/T_h) + w · e;   t_h ← t
 * </pre>
 * so {@code v_h} is always {@code Σ_events w_i · e_i · 2^(−(t_h − t_i)/T_h)} and the state stays O(dimension)
 * per horizon however long the history. Decay is linear, so an event that arrives late ({@code t < t_h}) is
 * simply added as {@code w · e · 2^(−(t_h − t)/T_h)} with {@code t_h} left alone: the result is the one folding
 * in time order would have given, up to float rounding. Between events nothing is stored: {@link #queryVector}
 * decays each horizon to {@code now}, {@code u_h = v_h · 2^(−(now − t_h)/T_h)}, and mixes them as
 * {@code q = Σ_h mix_h · u_h / max(1, ‖u_h‖)}, normalised. The cap makes {@code mix_h} the share of each time
 * scale in the query: a long horizon accumulates far more mass than a short one (about {@code T_long/T_short}
 * times for steady activity), so mixing raw vectors would let it drown a fresh session whatever the mix, while
 * a horizon that has faded below one event's worth still fades out instead of being blown back up. An instant earlier than a horizon's {@code t_h} is read as {@code t_h}: a state is never
 * extrapolated backwards (clocks of different producers disagree a little).
 *
 * <p>Tags follow the same rule on one map with {@code tagHalfLife}: each tag of the item gets {@code +w}. Tags
 * whose decayed {@code |weight|} falls below {@code tagFloor} are dropped, and beyond {@code maxTags} the
 * smallest {@code |weight|} go first (ties: the alphabetically later tag), so replays are deterministic.
 *
 * <h2>Stated interests</h2>
 * A capture ({@link #capture}) is a language model's (or the built-in summariser's) reading of the user's recent
 * behaviour: a few topics with weights in [0, 1] and their embeddings. It folds like an event into one more
 * component with its own half-life and mix ({@link StatedSettings}): {@code v_s ← v_s · 2^(−Δ/T_s) + c}, where
 * {@code c = Σ w_i · e_i / Σ w_i} is the capture's weighted mean direction, so one capture counts as one event's
 * worth whatever the number of topics. The query mixes it in under the same cap as the horizons. The topics of the
 * latest capture are kept for the profile, their weights decayed at {@code T_s} since the capture.
 *
 * <h2>Why decay weights each past event</h2>
 * Decaying the combined score is not a model of drifting interest: one factor {@code 2^(−Δ/T)} applied to every
 * candidate's score multiplies them all alike and cannot change a ranking (the worked example in the method
 * description does just that). Recency only matters if each event is weighted by its own age <em>before</em>
 * the events are combined; then three recent "romance" events can outweigh ten month-old "sci-fi" ones, which is
 * what the fold above computes. Several horizons let one user be both what they did this afternoon and what
 * they have liked for months.
 *
 * @param horizons one per {@link InterestSettings#horizons()}, in the same order; their vectors share one
 *     dimension, or are all zero-length before the first item vector
 * @param tagWeights tag weights as of {@code tagsAsOfEpochMilli}
 * <h2>Time context</h2>
 * With {@link TimeSettings#isOn time context on}, an event with an item vector also folds, by the horizon rule at
 * the time half-life, into the vector of its {@link TimeBuckets time bucket} (its local daypart and weekday in the
 * event's zone). A query in bucket {@code b} then blends that bucket's interest in:
 * {@code q' = normalise((1 − share) · q + share · u_b / max(1, ‖u_b‖))}, {@code u_b} decayed to {@code now}; a
 * bucket that holds nothing leaves {@code q} as it is. So a user who goes out for jazz in the evening and reads
 * the news in the morning gets more of each at its hour, by how much replay chose.
 *
 * @param stated the stated interests recorded by {@link #capture} (see "Stated interests" above)
 * @param time the per-bucket vectors (see "Time context" above); empty while time context is off
 */
public record InterestState(
    List<HorizonState> horizons,
    Map<String, Double> tagWeights,
    long tagsAsOfEpochMilli,
    StatedState stated,
    TimeState time) {

  private static final float[] NO_VECTOR = new float[0];

  /** Below this factor a tick leaves a horizon as it is (see {@link #asOf}). */
  private static final double MIN_MATERIALISED_DECAY = 1e-12;

  /** Orders tags by the one to drop first: smallest |weight|, then the alphabetically later tag. */
  private static final Comparator<Map.Entry<String, Double>> WEAKEST_FIRST =
      Comparator.<Map.Entry<String, Double>>comparingDouble(e -> Math.abs(e.getValue()))
          .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());

  public InterestState {
    horizons = List.copyOf(horizons); // no copy when already unmodifiable, as from the fold
    tagWeights = Map.copyOf(tagWeights); // likewise: the fold builds an unmodifiable map directly
    stated = stated == null ? StatedState.NONE : stated; // snapshots from before stated interests existed
    time = time == null ? TimeState.NONE : time; // likewise before time context
    int dim = horizons.isEmpty() ? 0 : horizons.get(0).vector().length;
    for (HorizonState h : horizons) {
      if (h.vector().length != dim) {
        throw new IllegalArgumentException(
            "horizon vectors differ in dimension: " + dim + " and " + h.vector().length);
      }
    }
    if (dim != 0 && !stated.isEmpty() && stated.vector().length != dim) {
      throw new IllegalArgumentException(
          "the stated vector has dimension " + stated.vector().length + " but the horizons have " + dim);
    }
    for (HorizonState b : time.buckets()) {
      if (b.vector().length != 0 && b.vector().length != dim) {
        throw new IllegalArgumentException(
            "a time bucket's vector has dimension " + b.vector().length + " but the horizons have " + dim);
      }
    }
  }

  /** A state without time context. */
  public InterestState(
      List<HorizonState> horizons, Map<String, Double> tagWeights, long tagsAsOfEpochMilli, StatedState stated) {
    this(horizons, tagWeights, tagsAsOfEpochMilli, stated, TimeState.NONE);
  }

  /** A state without stated interests. */
  public InterestState(List<HorizonState> horizons, Map<String, Double> tagWeights, long tagsAsOfEpochMilli) {
    this(horizons, tagWeights, tagsAsOfEpochMilli, StatedState.NONE);
  }

  /** The same interest with another stated component (the one before a capture, for an answer as of then). */
  public InterestState withStated(StatedState other) {
    return new InterestState(horizons, tagWeights, tagsAsOfEpochMilli, other, time);
  }

  /** No interest yet: zero-length vectors and no tags. */
  public static InterestState empty(InterestSettings s) {
    HorizonState none = new HorizonState(NO_VECTOR, 0L);
    List<HorizonState> hs = new ArrayList<>(s.horizons().size());
    for (int i = 0; i < s.horizons().size(); i++) {
      hs.add(none);
    }
    return new InterestState(hs, Map.of(), 0L);
  }

  /**
   * The fold (see the class Javadoc). Returns a new state; {@code this} is unchanged.
   *
   * @param weight the event's weight, usually {@link EventWeights#weightOf}
   * @param itemVector the item's vector, or {@code null} when the item is not in the catalog yet (only tags
   *     change). The first one sets the state's dimension; later ones must match it.
   * @param tags the item's tags, possibly empty; a tag repeated in the collection counts once
   * @throws IllegalArgumentException if the settings have a different number of horizons than this state, the
   *     weight is not finite, or the item vector is empty or of another dimension
   */
  public InterestState apply(
      InterestSettings s, Instant at, double weight, float[] itemVector, Collection<String> tags) {
    return apply(s, at, weight, itemVector, tags, null);
  }

  /**
   * The fold of an event that happened in {@code zone} (its {@code context.tz}; {@code null}: the settings'
   * default zone), which decides its time bucket when time context is on.
   */
  public InterestState apply(
      InterestSettings s, Instant at, double weight, float[] itemVector, Collection<String> tags, ZoneId zone) {
    requireFits(s);
    Objects.requireNonNull(at, "at");
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("an event weight must be finite, was " + weight);
    }
    long t = at.toEpochMilli();
    List<HorizonState> newHorizons = itemVector == null ? horizons : foldVector(s, t, weight, itemVector);
    TimeState newTime = time;
    if (itemVector != null && s.time().isOn()) {
      int b = TimeBuckets.of(at, zone == null ? s.time().defaultZone() : zone);
      newTime = time.with(b, fold(time.bucket(b), s.time().halfLife(), t, weight, itemVector));
    }
    if (tags == null || tags.isEmpty()) {
      return new InterestState(newHorizons, tagWeights, tagsAsOfEpochMilli, stated, newTime);
    }
    return foldTags(s, t, weight, tags, newHorizons, newTime);
  }

  private List<HorizonState> foldVector(InterestSettings s, long t, double weight, float[] e) {
    int dim = dimension();
    if (e.length == 0) {
      throw new IllegalArgumentException("an item vector must not be empty: pass null for an item without one");
    }
    requireDimension(e, "item");
    HorizonState[] out = new HorizonState[horizons.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fold(horizons.get(i), s.horizons().get(i).halfLife(), t, weight, e);
    }
    return List.of(out);
  }

  /** One decayed vector with {@code w · e} at {@code t} added (the rule of the class Javadoc, late events too). */
  private static HorizonState fold(HorizonState h, Duration halfLife, long t, double weight, float[] e) {
    if (h.vector().length == 0) {
      return new HorizonState(VectorMath.scaled(e, weight), t);
    } else if (t >= h.asOfEpochMilli()) {
      double decay = Decay.factor(halfLife, t - h.asOfEpochMilli());
      return new HorizonState(decayAndAdd(h.vector(), decay, e, weight), t);
    } else { // late: the event is decayed to t_h instead
      double late = weight * Decay.factor(halfLife, h.asOfEpochMilli() - t);
      return new HorizonState(decayAndAdd(h.vector(), 1.0, e, late), h.asOfEpochMilli());
    }
  }

  /** A new array {@code decay · v + w · e}. */
  private static float[] decayAndAdd(float[] v, double decay, float[] e, double w) {
    // In float, not double: a float-only loop is one the JIT turns into SIMD multiply-adds (the mixed
    // float/double one is not), and each element is rounded to float anyway.
    float d = (float) decay;
    float fw = (float) w;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = d * v[i] + fw * e[i];
    }
    return out;
  }

  private InterestState foldTags(
      InterestSettings s, long t, double weight, Collection<String> tags, List<HorizonState> newHorizons,
      TimeState newTime) {
    long asOf;
    double decay;
    double add;
    if (tagWeights.isEmpty() || t >= tagsAsOfEpochMilli) {
      decay = tagWeights.isEmpty() ? 1.0 : Decay.factor(s.tagHalfLife(), t - tagsAsOfEpochMilli);
      asOf = t;
      add = weight;
    } else { // late: decay the event to the map's instant instead
      decay = 1.0;
      asOf = tagsAsOfEpochMilli;
      add = weight * Decay.factor(s.tagHalfLife(), tagsAsOfEpochMilli - t);
    }
    // Straight into the entries of the new immutable map: one copy per event, however many tags are held.
    Collection<String> touched = tags instanceof Set ? tags : new LinkedHashSet<>(tags);
    double floor = s.tagFloor();
    List<Map.Entry<String, Double>> entries = new ArrayList<>(tagWeights.size() + touched.size());
    for (String tag : touched) {
      Double old = tagWeights.get(Objects.requireNonNull(tag, "tag"));
      double w = (old == null ? 0.0 : old * decay) + add;
      if (Math.abs(w) >= floor) {
        entries.add(Map.entry(tag, w));
      }
    }
    tagWeights.forEach((tag, w) -> {
      if (!touched.contains(tag)) {
        double d = w * decay;
        if (Math.abs(d) >= floor) {
          entries.add(Map.entry(tag, decay == 1.0 ? w : d));
        }
      }
    });
    return new InterestState(newHorizons, toMap(entries, s.maxTags()), asOf, stated, newTime);
  }

  /** The entries (distinct tags) as an immutable map, less the weakest beyond {@code maxTags}. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // Map.ofEntries takes an array of a generic type
  private static Map<String, Double> toMap(List<Map.Entry<String, Double>> entries, int maxTags) {
    int excess = entries.size() - maxTags;
    if (excess > 8) {
      entries.sort(WEAKEST_FIRST);
      entries.subList(0, excess).clear();
    } else { // the usual case, a few new tags into a full map: scan instead of sorting
      for (int k = 0; k < excess; k++) {
        int weakest = 0;
        for (int i = 1; i < entries.size(); i++) {
          if (WEAKEST_FIRST.compare(entries.get(i), entries.get(weakest)) < 0) {
            weakest = i;
          }
        }
        int last = entries.size() - 1;
        entries.set(weakest, entries.get(last));
        entries.remove(last);
      }
    }
    return Map.ofEntries(entries.toArray(new Map.Entry[0]));
  }

  /**
   * Folds a capture of stated interests in (see "Stated interests" in the class Javadoc). Returns a new state.
   *
   * @param topics the topics with weights in [0, 1], as recorded
   * @param vectors one embedding per topic, in the same order, of this state's dimension
   * @throws IllegalArgumentException if the lists differ in length, a weight is outside [0, 1], or a vector is
   *     empty or of another dimension
   */
  public InterestState capture(InterestSettings s, Instant at, List<StatedTopic> topics, List<float[]> vectors) {
    requireFits(s);
    Objects.requireNonNull(at, "at");
    if (topics.size() != vectors.size()) {
      throw new IllegalArgumentException(topics.size() + " topics but " + vectors.size() + " vectors");
    }
    long t = at.toEpochMilli();
    float[] mean = weightedMean(topics, vectors);
    if (mean == null) { // nothing with weight: the topics are still the latest reading
      return new InterestState(
          horizons, tagWeights, tagsAsOfEpochMilli, new StatedState(stated.vector(), stated.asOfEpochMilli(), topics, t),
          time);
    }
    Duration halfLife = s.stated().halfLife();
    StatedState next;
    if (stated.isEmpty()) {
      next = new StatedState(mean, t, topics, t);
    } else if (t >= stated.asOfEpochMilli()) {
      double decay = Decay.factor(halfLife, t - stated.asOfEpochMilli());
      next = new StatedState(decayAndAdd(stated.vector(), decay, mean, 1.0), t, topics, t);
    } else { // late: decayed to the component's instant; the topics shown stay the latest capture's
      double late = Decay.factor(halfLife, stated.asOfEpochMilli() - t);
      boolean newer = t >= stated.capturedAtEpochMilli();
      next = new StatedState(
          decayAndAdd(stated.vector(), 1.0, mean, late),
          stated.asOfEpochMilli(),
          newer ? topics : stated.topics(),
          newer ? t : stated.capturedAtEpochMilli());
    }
    return new InterestState(horizons, tagWeights, tagsAsOfEpochMilli, next, time);
  }

  /** {@code Σ w_i · e_i / Σ w_i}, or null when no topic has weight. */
  private float[] weightedMean(List<StatedTopic> topics, List<float[]> vectors) {
    double total = 0.0;
    float[] sum = null;
    for (int i = 0; i < topics.size(); i++) {
      double w = topics.get(i).weight();
      if (!(w >= 0.0 && w <= 1.0)) {
        throw new IllegalArgumentException("a stated weight must be in [0, 1], was " + w);
      }
      float[] e = vectors.get(i);
      if (e == null || e.length == 0) {
        throw new IllegalArgumentException("topic " + topics.get(i).topic() + " has no vector");
      }
      requireDimension(e, "topic");
      if (sum != null && e.length != sum.length) {
        throw new IllegalArgumentException("topic vectors differ in dimension");
      }
      if (w == 0.0) {
        continue;
      }
      sum = sum == null ? VectorMath.scaled(e, w) : decayAndAdd(sum, 1.0, e, w);
      total += w;
    }
    return sum == null ? null : VectorMath.scaled(sum, 1.0 / total);
  }

  /** The stated topics of the latest capture, weights decayed to {@code now}, heaviest first. */
  public List<StatedTopic> statedTopics(InterestSettings s, Instant now) {
    if (stated.topics().isEmpty()) {
      return List.of();
    }
    double decay =
        Decay.factor(s.stated().halfLife(), Math.max(0L, now.toEpochMilli() - stated.capturedAtEpochMilli()));
    List<StatedTopic> out = new ArrayList<>(stated.topics().size());
    for (StatedTopic topic : stated.topics()) {
      out.add(new StatedTopic(topic.topic(), topic.weight() * decay));
    }
    out.sort(Comparator.comparingDouble(StatedTopic::weight).reversed().thenComparing(StatedTopic::topic));
    return List.copyOf(out);
  }

  /** The stated component re-materialised at {@code n} (the rule of {@link #asOf}). */
  private StatedState statedAsOf(InterestSettings s, long n) {
    if (stated.isEmpty() || n <= stated.asOfEpochMilli()) {
      return stated;
    }
    double decay = Decay.factor(s.stated().halfLife(), n - stated.asOfEpochMilli());
    return decay == 1.0 || decay < MIN_MATERIALISED_DECAY
        ? stated
        : new StatedState(VectorMath.scaled(stated.vector(), decay), n, stated.topics(), stated.capturedAtEpochMilli());
  }

  private void requireDimension(float[] e, String what) {
    int dim = dimension();
    if (dim != 0 && e.length != dim) {
      throw new IllegalArgumentException(
          "the " + what + " vector has dimension " + e.length + " but this interest state has " + dim
              + ": the vectors of one user must come from one embedding model");
    }
  }

  /**
   * {@code Σ_h mix_h · v_h · 2^(−(now − t_h)/T_h)}, normalised to unit length; a zero-length array when there
   * is no interest yet (or it has cancelled or faded out entirely).
   */
  public float[] queryVector(InterestSettings s, Instant now) {
    return queryVector(s, now, null);
  }

  /**
   * {@link #queryVector(InterestSettings, Instant)} for a query in {@code zone} ({@code null}: the default zone),
   * with the interest of the query's time bucket blended in when time context is on (see "Time context" above).
   */
  public float[] queryVector(InterestSettings s, Instant now, ZoneId zone) {
    float[] q = mixedQuery(s, now);
    if (q.length == 0 || !s.time().isOn() || time.isEmpty()) {
      return q;
    }
    HorizonState b = time.bucket(TimeBuckets.of(now, zone == null ? s.time().defaultZone() : zone));
    double norm = b.vector().length == 0 ? 0.0 : VectorMath.norm(b.vector());
    if (norm == 0.0) {
      return q;
    }
    double decayed = norm * Decay.factor(s.time().halfLife(), Math.max(0L, now.toEpochMilli() - b.asOfEpochMilli()));
    double share = s.time().share();
    double f = share * Math.min(1.0, decayed) / norm; // u_b / max(1, ‖u_b‖) = v_b · min(1, ‖u_b‖) / ‖v_b‖
    double[] acc = new double[q.length];
    for (int j = 0; j < q.length; j++) {
      acc[j] = (1.0 - share) * q[j] + f * b.vector()[j];
    }
    float[] blended = unit(acc);
    return blended.length == 0 ? q : blended;
  }

  /** {@code acc} normalised to unit length, as floats; a zero-length array when it is all zeros. */
  private static float[] unit(double[] acc) {
    double sum = 0.0;
    for (double x : acc) {
      sum += x * x;
    }
    if (sum == 0.0) {
      return NO_VECTOR;
    }
    double inv = 1.0 / Math.sqrt(sum);
    float[] out = new float[acc.length];
    for (int j = 0; j < acc.length; j++) {
      out[j] = (float) (acc[j] * inv);
    }
    return out;
  }

  private float[] mixedQuery(InterestSettings s, Instant now) {
    requireFits(s);
    int dim = dimension();
    if (dim == 0) {
      return NO_VECTOR;
    }
    long n = now.toEpochMilli();
    // Capped normalisation: a horizon holding more than one unit event's worth of interest enters with length
    // mix_h, a fading one with mix_h · decay · v_h. Without the cap the slowest horizon, which accumulates the
    // most, would outweigh the others whatever their mix. Weights are taken in log space and shifted by the
    // largest: q is normalised, so a common factor does not matter, and a user idle for a thousand half-lives
    // keeps the direction of the interest that faded least instead of underflowing to nothing.
    int components = horizons.size() + 1; // the horizons, then the stated component
    double[] logWeight = new double[components];
    double maxLogWeight = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < components; i++) {
      boolean isStated = i == horizons.size();
      float[] v = isStated ? stated.vector() : horizons.get(i).vector();
      double mix = isStated ? s.stated().mix() : s.horizons().get(i).mix();
      double norm = v.length == 0 ? 0.0 : VectorMath.norm(v);
      if (mix == 0 || norm == 0) {
        logWeight[i] = Double.NEGATIVE_INFINITY;
        continue;
      }
      Duration halfLife = isStated ? s.stated().halfLife() : s.horizons().get(i).halfLife();
      long asOf = isStated ? stated.asOfEpochMilli() : horizons.get(i).asOfEpochMilli();
      double logDecay = Decay.logFactor(halfLife, Math.max(0L, n - asOf));
      double logDecayedNorm = logDecay + Math.log(norm);
      logWeight[i] = Math.log(mix) + (logDecayedNorm >= 0 ? -Math.log(norm) : logDecay);
      maxLogWeight = Math.max(maxLogWeight, logWeight[i]);
    }
    if (maxLogWeight == Double.NEGATIVE_INFINITY) {
      return NO_VECTOR;
    }
    double[] acc = new double[dim];
    for (int i = 0; i < components; i++) {
      double f = Math.exp(logWeight[i] - maxLogWeight);
      if (f == 0.0) {
        continue;
      }
      float[] v = i == horizons.size() ? stated.vector() : horizons.get(i).vector();
      for (int j = 0; j < dim; j++) {
        acc[j] += f * v[j];
      }
    }
    return unit(acc);
  }

  /**
   * Every horizon and the tag map re-materialised at {@code now}: vectors decayed and {@code t_h = now}, tags
   * decayed, those below {@code tagFloor} dropped (and any beyond {@code maxTags}). What timer ticks store.
   * {@link #queryVector} at the same {@code now} keeps its direction. A horizon or tag map already past
   * {@code now} is left as it is.
   */
  public InterestState asOf(InterestSettings s, Instant now) {
    requireFits(s);
    long n = now.toEpochMilli();
    HorizonState[] out = new HorizonState[horizons.size()];
    for (int i = 0; i < out.length; i++) {
      HorizonState h = horizons.get(i);
      double decay =
          h.vector().length == 0 || n <= h.asOfEpochMilli()
              ? 1.0
              : Decay.factor(s.horizons().get(i).halfLife(), n - h.asOfEpochMilli());
      // A horizon decayed past float precision keeps its exact state as of t_h: scaling it now would round
      // its direction away (to zero after ~150 half-lives), while queryVector decays it in double anyway.
      out[i] = decay == 1.0 || decay < MIN_MATERIALISED_DECAY
          ? h
          : new HorizonState(VectorMath.scaled(h.vector(), decay), n);
    }
    double decay = Decay.factor(s.tagHalfLife(), Math.max(0L, n - tagsAsOfEpochMilli));
    double floor = s.tagFloor();
    List<Map.Entry<String, Double>> entries = new ArrayList<>(tagWeights.size());
    tagWeights.forEach((tag, w) -> {
      double d = w * decay;
      if (Math.abs(d) >= floor) {
        entries.add(Map.entry(tag, d));
      }
    });
    return new InterestState(
        List.of(out), toMap(entries, s.maxTags()), Math.max(n, tagsAsOfEpochMilli), statedAsOf(s, n), timeAsOf(s, n));
  }

  /** The time buckets re-materialised at {@code n} (the rule of {@link #asOf}). */
  private TimeState timeAsOf(InterestSettings s, long n) {
    if (time.isEmpty()) {
      return time;
    }
    List<HorizonState> out = new ArrayList<>(TimeBuckets.COUNT);
    for (HorizonState b : time.buckets()) {
      double decay = b.vector().length == 0 || n <= b.asOfEpochMilli()
          ? 1.0
          : Decay.factor(s.time().halfLife(), n - b.asOfEpochMilli());
      out.add(decay == 1.0 || decay < MIN_MATERIALISED_DECAY ? b : new HorizonState(VectorMath.scaled(b.vector(), decay), n));
    }
    return new TimeState(out);
  }

  /**
   * Each time bucket's name ({@code "weekday evening"}), the time half-life and the norm of its vector decayed to
   * {@code now}; empty while nothing was folded per bucket.
   */
  public List<HorizonView> timeBucketsAsOf(InterestSettings s, Instant now) {
    if (time.isEmpty()) {
      return List.of();
    }
    long n = now.toEpochMilli();
    List<HorizonView> views = new ArrayList<>(TimeBuckets.COUNT);
    for (int b = 0; b < TimeBuckets.COUNT; b++) {
      HorizonState h = time.bucket(b);
      double norm = VectorMath.norm(h.vector())
          * Decay.factor(s.time().halfLife(), Math.max(0L, n - h.asOfEpochMilli()));
      views.add(new HorizonView(TimeBuckets.name(b), s.time().halfLife(), norm));
    }
    return List.copyOf(views);
  }

  /**
   * The direction of the interest in every bucket but {@code bucket}, each decayed to {@code now}: what the user
   * goes for at other times, against which a reason tells what fits this hour. Zero-length when they hold nothing.
   */
  public float[] timeElsewhere(InterestSettings s, Instant now, int bucket) {
    int dim = dimension();
    double[] acc = new double[dim];
    boolean any = false;
    for (int b = 0; b < time.buckets().size(); b++) {
      HorizonState h = time.bucket(b);
      if (b == bucket || h.vector().length != dim || dim == 0) {
        continue;
      }
      double decay = Decay.factor(s.time().halfLife(), Math.max(0L, now.toEpochMilli() - h.asOfEpochMilli()));
      for (int j = 0; j < dim; j++) {
        acc[j] += decay * h.vector()[j];
      }
      any = true;
    }
    return any ? unit(acc) : NO_VECTOR;
  }

  /** Each horizon's name, half-life and the norm of its vector decayed to {@code now}. */
  public List<HorizonView> horizonsAsOf(InterestSettings s, Instant now) {
    requireFits(s);
    long n = now.toEpochMilli();
    List<HorizonView> views = new ArrayList<>(horizons.size());
    for (int i = 0; i < horizons.size(); i++) {
      HorizonSettings hs = s.horizons().get(i);
      HorizonState h = horizons.get(i);
      double norm = VectorMath.norm(h.vector())
          * Decay.factor(hs.halfLife(), Math.max(0L, n - h.asOfEpochMilli()));
      views.add(new HorizonView(hs.name(), hs.halfLife(), norm));
    }
    return List.copyOf(views);
  }

  /**
   * The strongest tags at {@code now}: weights decayed to {@code now}, positive and at least {@code tagFloor}
   * only, heaviest first (ties alphabetical), at most {@code limit}.
   */
  public List<TagWeight> topTags(InterestSettings s, Instant now, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    double decay = Decay.factor(s.tagHalfLife(), Math.max(0L, now.toEpochMilli() - tagsAsOfEpochMilli));
    double floor = s.tagFloor();
    List<TagWeight> out = new ArrayList<>();
    tagWeights.forEach((tag, w) -> {
      double d = w * decay;
      if (d > 0.0 && d >= floor) {
        out.add(new TagWeight(tag, d));
      }
    });
    out.sort(Comparator.comparingDouble(TagWeight::weight).reversed().thenComparing(TagWeight::tag));
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  /**
   * True before any item vector was folded while no tag weight is held.
   *
   * <p>{@code @Transient} (the JDK's marker for a derived bean property) keeps Jackson from writing an
   * {@code "empty"} property into snapshots, which a strict reader would then reject, without tying this
   * package to Jackson.
   */
  @Transient
  public boolean isEmpty() {
    return dimension() == 0 && tagWeights.isEmpty();
  }

  /** The dimension of the interest vectors, 0 before the first item vector was folded. */
  public int dimension() {
    int dim = horizons.isEmpty() ? 0 : horizons.get(0).vector().length;
    return dim != 0 ? dim : stated.vector().length;
  }

  private void requireFits(InterestSettings s) {
    Objects.requireNonNull(s, "settings");
    if (s.horizons().size() != horizons.size()) {
      throw new IllegalArgumentException(
          "this interest state has " + horizons.size() + " horizons but settings version " + s.version()
              + " define " + s.horizons().size() + ": rebuild the state by replaying the user's events");
    }
  }
}
