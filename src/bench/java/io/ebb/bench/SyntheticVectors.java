package io.ebb.bench;

import java.util.SplittableRandom;

/**
 * Item and interest vectors without a model: embedding a million texts would take an hour, and the index only
 * sees vectors. They are shaped like the service's behaviour-learned vectors: directions gathered around topic
 * centres (items of one topic are near each other, as similar films are), norms log-normal with σ = 0.5 (median 1,
 * a few times longer for the popular), so inner product and cosine rank differently. Item {@code i} depends only on
 * the seed and {@code i}, so vectors can be made in parallel and made again.
 */
final class SyntheticVectors {

  /** Spread of an item around its topic centre, as a share of the centre's (unit) length. */
  private static final double ITEM_NOISE = 0.8;
  private static final double NORM_SIGMA = 0.5;

  private final long seed;
  private final int dimension;
  private final float[][] centres;

  SyntheticVectors(long seed, int dimension, int topics) {
    this.seed = seed;
    this.dimension = dimension;
    this.centres = new float[topics][];
    SplittableRandom random = new SplittableRandom(seed);
    for (int t = 0; t < topics; t++) {
      centres[t] = unit(gaussian(random, 1.0));
    }
  }

  int dimension() {
    return dimension;
  }

  int topics() {
    return centres.length;
  }

  /** The topic of item {@code i}. */
  int topicOf(int i) {
    return (int) Math.floorMod(mix(i) >>> 1, (long) centres.length);
  }

  /** Item {@code i}: its topic's centre plus noise, scaled to a log-normal norm. */
  float[] item(int i) {
    SplittableRandom random = new SplittableRandom(mix(i));
    float[] v = gaussian(random, ITEM_NOISE / Math.sqrt(dimension));
    float[] centre = centres[topicOf(i)];
    for (int k = 0; k < dimension; k++) {
      v[k] += centre[k];
    }
    return scale(unit(v), Math.exp(NORM_SIGMA * random.nextGaussian()));
  }

  /** A user's interest: one to three topics with weights, plus noise, unit length as the service's query is. */
  float[] interest(SplittableRandom random, int[] topics) {
    float[] q = gaussian(random, 0.5 / Math.sqrt(dimension));
    for (int topic : topics) {
      double w = 0.5 + random.nextDouble();
      for (int k = 0; k < dimension; k++) {
        q[k] += (float) (w * centres[topic][k]);
      }
    }
    return unit(q);
  }

  private long mix(long i) {
    long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private float[] gaussian(SplittableRandom random, double sigma) {
    float[] v = new float[dimension];
    for (int k = 0; k < dimension; k++) {
      v[k] = (float) (sigma * random.nextGaussian());
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return sum == 0 ? v : scale(v, 1 / Math.sqrt(sum));
  }

  private static float[] scale(float[] v, double factor) {
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (v[k] * factor);
    }
    return v;
  }
}
