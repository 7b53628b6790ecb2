package io.ebb.interest;

/**
 * Dense vector helpers: {@code float[]} storage (half the memory of {@code double[]} in snapshots and
 * indexes), {@code double} accumulation. The loops are kept plain so the JIT can unroll and vectorise them.
 */
public final class VectorMath {

  private static final float[] EMPTY = new float[0];

  private VectorMath() {}

  /**
   * Accumulated in {@code double} as four independent sums: one sum is a chain of dependent additions the CPU
   * cannot overlap, and the diversity pass calls this pool × limit times per recommendation (a quarter of a
   * recommendation's CPU with one sum).
   */
  public static double dot(float[] a, float[] b) {
    requireSameLength(a, b);
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += (double) a[i] * b[i];
      s1 += (double) a[i + 1] * b[i + 1];
      s2 += (double) a[i + 2] * b[i + 2];
      s3 += (double) a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += (double) a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  public static double norm(float[] v) {
    double sum = 0.0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /**
   * The cosine of {@code a} and {@code b} given their norms (computed once by the caller, so that comparing one
   * vector with many allocates nothing); 0 when either norm is 0.
   */
  public static double cosine(float[] a, double normA, float[] b, double normB) {
    return normA == 0.0 || normB == 0.0 ? 0.0 : dot(a, b) / (normA * normB);
  }

  /** {@code target += scale * x}, in place. */
  public static void addScaled(float[] target, float[] x, double scale) {
    requireSameLength(target, x);
    for (int i = 0; i < target.length; i++) {
      target[i] = (float) (target[i] + scale * x[i]);
    }
  }

  /** A new array {@code factor * v}. */
  public static float[] scaled(float[] v, double factor) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (factor * v[i]);
    }
    return out;
  }

  /** A new unit-length array in the direction of {@code v}; a zero-length array when {@code v} has norm 0. */
  public static float[] normalized(float[] v) {
    double n = norm(v);
    if (n == 0.0) {
      return EMPTY; // nothing to mutate in a zero-length array, so it can be shared
    }
    return scaled(v, 1.0 / n);
  }

  private static void requireSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors differ in dimension: " + a.length + " and " + b.length);
    }
  }
}
