package io.ebb.catalog;

/**
 * How an item's served vector is made from its parts: {@code [textWeight · text ; cfWeight · cf]}, the unit
 * text embedding and the behaviour-learned vector side by side (zeros for an item nobody has touched yet, which
 * so keeps its text part). With {@code cfDimension} 0 the vector is the weighted text embedding alone. The
 * service, the evaluator and the tuner all build item vectors here, so what is tuned is what is served.
 */
public record VectorBlend(double textWeight, double cfWeight, int cfDimension) {

  public static final VectorBlend TEXT_ONLY = new VectorBlend(1.0, 0.0, 0);

  public VectorBlend {
    if (!(textWeight >= 0) || !(cfWeight >= 0) || cfDimension < 0) {
      throw new IllegalArgumentException("weights must be >= 0 and cfDimension >= 0");
    }
  }

  public VectorBlend withText(double weight) {
    return new VectorBlend(weight, cfWeight, cfDimension);
  }

  /** The served vector of an item; {@code cf} is null for an item without a behaviour-learned part. */
  public float[] of(float[] text, float[] cf) {
    int cfPart = cfWeight == 0 ? 0 : cfDimension;
    if (cf != null && cfPart > 0 && cf.length != cfDimension) {
      throw new IllegalArgumentException("collaborative vector of length " + cf.length + ", expected " + cfDimension);
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

  @Override
  public String toString() {
    return cfDimension == 0 || cfWeight == 0
        ? "text×" + textWeight
        : "text×" + textWeight + " + cf(" + cfDimension + ")×" + cfWeight;
  }
}
