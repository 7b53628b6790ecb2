package io.ebb.interest;

/**
 * Dense vector helpers: {@code float[]} storage (half the memory of {@code double[]} in snapshots and
 * indexes), {@code double} accumulation. The loops are kept plain so the JIT can unroll and vectorise them.
 */
public final class VectorMath {

  private static final float[] EMPTY = new float[0];

  private VectorMath() {}

  public static double dot(float[] a, float[] b) {
    requireSameLength(a, b);
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  public static double norm(float[] v) {
    double sum = 0.0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
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
