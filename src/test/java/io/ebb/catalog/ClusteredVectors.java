package io.ebb.catalog;

import java.util.Random;

/**
 * Synthetic vectors shaped like behaviour-learned item vectors: directions gathered around a few hundred topic
 * centres, norms spread over an order of magnitude (a log-normal "popularity"), so that inner product and cosine
 * rank differently. Queries mix one to three topics, as a user's interests do.
 */
final class ClusteredVectors {

  private final Random random;
  private final int dimension;
  private final float[][] centres;

  ClusteredVectors(long seed, int dimension, int clusters) {
    this.random = new Random(seed);
    this.dimension = dimension;
    this.centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = Vectors.normalizeInPlace(gaussian(1.0));
    }
  }

  /** An item: a topic centre plus noise, scaled to a log-normal norm (median 1, most within 0.4–2.7). */
  float[] item() {
    float[] v = around(centres[random.nextInt(centres.length)], 0.8);
    double norm = Math.exp(0.5 * random.nextGaussian());
    return scale(Vectors.normalizeInPlace(v), norm);
  }

  /** A query: the sum of one to three topics and noise. */
  float[] query() {
    float[] q = new float[dimension];
    int topics = 1 + random.nextInt(3);
    for (int t = 0; t < topics; t++) {
      float[] c = centres[random.nextInt(centres.length)];
      double w = 0.5 + random.nextDouble();
      for (int i = 0; i < dimension; i++) {
        q[i] += (float) (w * c[i]);
      }
    }
    return around(q, 0.5);
  }

  float[][] items(int n) {
    float[][] items = new float[n][];
    for (int i = 0; i < n; i++) {
      items[i] = item();
    }
    return items;
  }

  private float[] around(float[] centre, double noise) {
    float[] v = gaussian(noise / Math.sqrt(dimension));
    for (int i = 0; i < dimension; i++) {
      v[i] += centre[i];
    }
    return v;
  }

  private float[] gaussian(double sigma) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (sigma * random.nextGaussian());
    }
    return v;
  }

  private static float[] scale(float[] v, double factor) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] * factor);
    }
    return v;
  }
}
