package io.ebb.model;

import java.util.Objects;

/**
 * How an item's vector is made from its parts: {@code [textWeight · text ; cfWeight · cf]}, the unit text
 * embedding and the behaviour-learned vector side by side (zeros for an item nobody has touched yet, which so
 * keeps its text part). With {@code cfWeight} 0 the vector is the weighted text embedding alone and the
 * collaborative part is left out altogether. The service, the evaluator and the tuner all build item vectors with
 * {@link #of}, so what is tuned is what is served.
 *
 * <p>With {@linkplain CfParams#asymmetric() asymmetric} collaborative vectors an item has two: the history side,
 * which a user's events fold into their interest, and the candidate side, which queries are matched against
 * ({@link #foldSide} and {@link #indexSide}). Symmetric vectors are one vector used on both sides.
 *
 * @param cf how the collaborative part is learned (its dimension is the part's length); ignored when
 *     {@code cfWeight} is 0
 */
public record ItemSpace(double textWeight, double cfWeight, CfParams cf) {

  /** The text embedding alone, unweighted. */
  public static final ItemSpace TEXT_ONLY = new ItemSpace(1.0, 0.0, CfParams.defaults());

  public ItemSpace {
    Objects.requireNonNull(cf, "cf");
    if (!(textWeight >= 0) || !(cfWeight >= 0) || !Double.isFinite(textWeight) || !Double.isFinite(cfWeight)
        || textWeight + cfWeight == 0) {
      throw new IllegalArgumentException(
          "textWeight and cfWeight must be finite, >= 0 and not both 0, were " + textWeight + " and " + cfWeight);
    }
  }

  /** True when the collaborative part is used. */
  public boolean usesCf() {
    return cfWeight > 0;
  }

  /** True when the collaborative part has separate history-side and candidate-side vectors. */
  public boolean asymmetric() {
    return usesCf() && cf.asymmetric();
  }

  /** The length of the collaborative part of every item vector: {@code cf.dimension()}, or 0 when unused. */
  public int cfDimension() {
    return usesCf() ? cf.dimension() : 0;
  }

  /** The dimension of item vectors whose text embeddings have {@code textDimension}. */
  public int dimension(int textDimension) {
    return textDimension + cfDimension();
  }

  /**
   * The vector of an item, {@code [textWeight · text ; cfWeight · cf]}.
   *
   * @param cf the item's collaborative vector (one side of it), or {@code null} for an item without one
   * @throws IllegalArgumentException if {@code cf} is not of {@code cf().dimension()}
   */
  public float[] of(float[] text, float[] cf) {
    int cfPart = cfDimension();
    if (cf != null && cfPart > 0 && cf.length != cfPart) {
      throw new IllegalArgumentException("collaborative vector of length " + cf.length + ", expected " + cfPart);
    }
    float[] out = new float[text.length + cfPart];
    for (int k = 0; k < text.length; k++) {
      out[k] = (float) (textWeight * text[k]);
    }
    if (cf != null) {
      for (int k = 0; k < cfPart; k++) {
        out[text.length + k] = (float) (cfWeight * cf[k]);
      }
    }
    return out;
  }

  /** A text embedding (of a stated topic, say) in this space: its text part scaled as items' are, no cf part. */
  public float[] ofText(float[] text) {
    return of(text, null);
  }

  /** The vector a user's events fold: the history side of an item's collaborative part. */
  public float[] foldSide(float[] text, float[] historyCf) {
    return of(text, historyCf);
  }

  /** The vector queries are matched against: the candidate side of an item's collaborative part. */
  public float[] indexSide(float[] text, float[] candidateCf) {
    return of(text, candidateCf);
  }

  /**
   * The history side of a stored collaborative vector: an asymmetric one is stored as {@code [history ;
   * candidate]} (twice the dimension), a symmetric one as itself. Null for none, or for one of another dimension
   * (learned under other parameters: the item then keeps its text part only).
   */
  public float[] historyPart(float[] stored) {
    return part(stored, 0);
  }

  /** The candidate side of a stored collaborative vector (see {@link #historyPart}). */
  public float[] candidatePart(float[] stored) {
    return part(stored, 1);
  }

  /** How {@code ebb tune --apply} stores an item's two sides in one vector (see {@link #historyPart}). */
  public static float[] stored(float[] history, float[] candidate) {
    if (history == null || candidate == null || history == candidate) {
      return history != null ? history : candidate;
    }
    float[] out = java.util.Arrays.copyOf(history, history.length + candidate.length);
    System.arraycopy(candidate, 0, out, history.length, candidate.length);
    return out;
  }

  private float[] part(float[] stored, int side) {
    int d = cfDimension();
    if (stored == null || d == 0) {
      return null;
    }
    if (stored.length == d) {
      return stored;
    }
    if (stored.length == 2 * d && cf.asymmetric()) {
      return java.util.Arrays.copyOfRange(stored, side * d, (side + 1) * d);
    }
    return null;
  }

  public ItemSpace withWeights(double text, double collaborative) {
    return new ItemSpace(text, collaborative, cf);
  }

  public ItemSpace withCf(CfParams params) {
    return new ItemSpace(textWeight, cfWeight, params);
  }

  @Override
  public String toString() {
    return usesCf()
        ? "text×" + textWeight + " + cf(" + cf.dimension() + (cf.asymmetric() ? ", asymmetric" : "") + ")×"
            + cfWeight
        : "text×" + textWeight;
  }
}
