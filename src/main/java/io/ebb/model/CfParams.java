package io.ebb.model;

/**
 * How collaborative item vectors are learned from co-occurrence in users' event sequences (see
 * {@link CooccurrenceEmbedding}).
 *
 * @param dimension length of each collaborative vector (the rank kept)
 * @param window two events of a user co-occur when at most this many positions apart in their sequence
 * @param distanceExponent a pair {@code d} positions apart counts {@code 1 / d^distanceExponent}
 * @param normalization {@code M_ij = C_ij / ((c_i + 1)^a · (c_j + 1)^a)} with {@code a} this exponent and
 *     {@code c_i} the item's total co-occurrence: 0.5 is a cosine, lower keeps more of the popularity
 * @param eigenPower vectors are {@code U · Λ^p}: 0.5 makes {@code e_i · e_j} approximate {@code M_ij}
 * @param iterations power iterations of the randomized eigendecomposition (more: closer to exact, slower)
 * @param seed of the random start, so a learning run is repeatable
 * @param asymmetric {@code false}: one vector per item, from the symmetric co-occurrence (what the service
 *     serves today). {@code true}: co-occurrence is directed (an event with the ones after it) and each item
 *     gets a history-side vector, folded into users' interest, and a candidate-side vector, matched by the
 *     index — like word2vec's input and output vectors.
 */
public record CfParams(
    int dimension,
    int window,
    double distanceExponent,
    double normalization,
    double eigenPower,
    int iterations,
    long seed,
    boolean asymmetric) {

  public CfParams {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, was " + dimension);
    }
    if (window <= 0) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must not be negative, was " + iterations);
    }
    requireFinite("distanceExponent", distanceExponent);
    requireFinite("normalization", normalization);
    requireFinite("eigenPower", eigenPower);
  }

  /**
   * What won on ml-latest-small's validation targets: 256-d, window 50, 1/d weights, a = 0.4, p = 0.3 (a flatter
   * spectrum than p = 0.5 ranked better), 4 power iterations.
   */
  public static CfParams defaults() {
    return new CfParams(256, 50, 1.0, 0.4, 0.3, 4, 42L, false);
  }

  public CfParams withDimension(int d) {
    return new CfParams(d, window, distanceExponent, normalization, eigenPower, iterations, seed, asymmetric);
  }

  public CfParams withWindow(int w) {
    return new CfParams(dimension, w, distanceExponent, normalization, eigenPower, iterations, seed, asymmetric);
  }

  public CfParams withNormalization(double a) {
    return new CfParams(dimension, window, distanceExponent, a, eigenPower, iterations, seed, asymmetric);
  }

  public CfParams withEigenPower(double p) {
    return new CfParams(dimension, window, distanceExponent, normalization, p, iterations, seed, asymmetric);
  }

  public CfParams withIterations(int i) {
    return new CfParams(dimension, window, distanceExponent, normalization, eigenPower, i, seed, asymmetric);
  }

  public CfParams withAsymmetric(boolean a) {
    return new CfParams(dimension, window, distanceExponent, normalization, eigenPower, iterations, seed, a);
  }

  /** {@code "256-d, window 50, 1/d^1, a 0.4, p 0.3"} (and {@code ", asymmetric"}), for reports. */
  public String label() {
    return dimension + "-d, window " + window + ", 1/d^" + num(distanceExponent) + ", a " + num(normalization)
        + ", p " + num(eigenPower) + (asymmetric ? ", asymmetric" : "");
  }

  private static String num(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }

  private static void requireFinite(String what, double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(what + " must be finite, was " + x);
    }
  }
}
