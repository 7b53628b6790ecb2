package io.ebb.catalog;

import java.util.Arrays;

/**
 * The rows of an {@link ExactVectorIndex} again, at one byte per component, for a first pass that bounds every
 * row's score instead of computing it: the exact scan then scores only the rows whose bound can still reach the
 * best {@code k}, and answers exactly what scoring every row would.
 *
 * <p>Row {@code r} is kept as int8 codes {@code c} with a scale {@code s_r = max|m_i| / 127}, so {@code m ≈ s_r·c};
 * the query is quantised the same way, {@code q ≈ s_q·p}. Their product {@code s_q·s_r·(p·c)} differs from
 * {@link Vectors#dot the score} by at most {@code |q̂·e_m| + |e_q·m| ≤ ‖q̂‖·‖e_m‖ + ‖e_q‖·‖m‖} (Cauchy–Schwarz, with
 * {@code e} the rounding residuals, whose norms are kept per row), plus the float rounding of the score itself,
 * which {@link #ROUNDING} covers with room to spare. The integer products are exact. A bound beyond float's range
 * becomes an infinite one, which keeps the row.
 *
 * <p>Codes are packed four to an {@code int} and laid out dimension-major in blocks of {@link #BLOCK} rows: one
 * {@code int[BLOCK]} per four dimensions per block. The first pass then is a loop over one such array and an
 * accumulator with the same index, shifts, multiplies and adds of {@code int}s only: the shape the JIT turns into
 * SIMD instructions. It reads a quarter of the bytes the float scan reads.
 *
 * <p>Not thread-safe: the index's lock guards it.
 */
final class QuantizedRows {

  /** Rows per block: a block's accumulator and one of its code arrays stay in the first-level cache. */
  static final int BLOCK = 1024;
  /**
   * Relative bound on the difference between the score {@link Vectors#dot} computes in float and the exact real
   * product, in units of {@code ‖q‖·‖m‖}: a dot product of {@code n} terms in eight float sums is within
   * {@code (n/8 + 3)·2⁻²⁴} of it, 3·10⁻⁶ at 384 dimensions; this allows dimensions to 1,500 and more.
   */
  static final double ROUNDING = 2e-5;

  private final int dimension;
  private final int groups;
  private int[][][] codes = new int[0][][]; // codes[block][group][row in block]: four int8 codes per int
  private float[] scale = new float[0]; // s_r
  private float[] residualNorm = new float[0]; // ‖m − s_r·c‖, rounded up
  private float[] norm = new float[0]; // ‖m‖, rounded up

  QuantizedRows(int dimension) {
    this.dimension = dimension;
    this.groups = (dimension + 3) / 4;
  }

  /** Row {@code row} becomes {@code v}. */
  void set(int row, float[] v) {
    ensureRows(row + 1);
    float s = scaleOf(v);
    double squares = 0;
    double residualSquares = 0;
    int[][] block = codes[row / BLOCK];
    int at = row % BLOCK;
    for (int g = 0; g < groups; g++) {
      int word = 0;
      for (int j = 0; j < 4; j++) {
        int i = 4 * g + j;
        int code = 0;
        if (i < dimension && s > 0f) {
          double x = v[i];
          code = code(x, s);
          double residual = x - (double) s * code;
          squares += x * x;
          residualSquares += residual * residual;
        }
        word |= (code & 0xFF) << (8 * j);
      }
      block[g][at] = word;
    }
    scale[row] = s;
    residualNorm[row] = Math.nextUp((float) Math.sqrt(residualSquares));
    norm[row] = Math.nextUp((float) Math.sqrt(squares));
  }

  /** Row {@code to} becomes a copy of row {@code from} (a removal moves the last row into the gap). */
  void move(int from, int to) {
    int[][] source = codes[from / BLOCK];
    int[][] target = codes[to / BLOCK];
    for (int g = 0; g < groups; g++) {
      target[g][to % BLOCK] = source[g][from % BLOCK];
    }
    scale[to] = scale[from];
    residualNorm[to] = residualNorm[from];
    norm[to] = norm[from];
  }

  /**
   * For each of the first {@code rows} rows, bounds on the score {@link Vectors#dot} gives it against {@code query}:
   * {@code lower[r] ≤ score ≤ upper[r]}.
   */
  void bounds(float[] query, int rows, float[] lower, float[] upper) {
    float sq = scaleOf(query);
    int[] p = new int[4 * groups];
    double approxSquares = 0;
    double residualSquares = 0;
    double squares = 0;
    for (int i = 0; i < dimension; i++) {
      double x = query[i];
      p[i] = sq > 0f ? code(x, sq) : 0;
      double approx = (double) sq * p[i];
      approxSquares += approx * approx;
      residualSquares += (x - approx) * (x - approx);
      squares += x * x;
    }
    // ‖q̂‖·‖e_m‖ + ‖e_q‖·‖m‖ + ROUNDING·‖q‖·‖m‖, each norm rounded up; a relative 1e-6 more for this arithmetic.
    double qApprox = Math.sqrt(approxSquares) * (1 + 1e-6);
    double qResidual = Math.sqrt(residualSquares) * (1 + 1e-6);
    double qRounding = ROUNDING * Math.sqrt(squares) * (1 + 1e-6);
    // Products that fall below float's normal range are rounded absolutely, not relatively: at most this in all.
    double underflow = (dimension + 8) * (double) Float.MIN_VALUE;
    int[] acc = new int[BLOCK];
    for (int start = 0; start < rows; start += BLOCK) {
      int n = Math.min(BLOCK, rows - start);
      accumulate(codes[start / BLOCK], p, acc, n);
      for (int i = 0; i < n; i++) {
        int r = start + i;
        double approx = (double) sq * scale[r] * acc[i];
        double bound = qApprox * residualNorm[r] + (qResidual + qRounding) * norm[r] + underflow;
        lower[r] = Math.nextDown((float) (approx - bound));
        upper[r] = Math.nextUp((float) (approx + bound));
      }
    }
  }

  /** {@code max|v_i| / 127}: the scale that maps {@code v} onto codes in [-127, 127]. */
  private static float scaleOf(float[] v) {
    float max = 0f;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max / 127f;
  }

  /** {@code x / scale} rounded, within [-127, 127]; {@code scale} must be positive. */
  private static int code(double x, float scale) {
    return (int) Math.max(-127, Math.min(127, Math.round(x / scale)));
  }

  /** {@code acc[i] = p·c} for the first {@code n} rows of a block. */
  private void accumulate(int[][] block, int[] p, int[] acc, int n) {
    Arrays.fill(acc, 0, n, 0);
    for (int g = 0; g < groups; g++) {
      int[] w = block[g];
      int p0 = p[4 * g];
      int p1 = p[4 * g + 1];
      int p2 = p[4 * g + 2];
      int p3 = p[4 * g + 3];
      // Four statements, not one sum of four terms: C2 (JDK 17) vectorises this form and not the other.
      for (int i = 0; i < n; i++) {
        acc[i] += p0 * ((w[i] << 24) >> 24);
        acc[i] += p1 * ((w[i] << 16) >> 24);
        acc[i] += p2 * ((w[i] << 8) >> 24);
        acc[i] += p3 * (w[i] >> 24);
      }
    }
  }

  private void ensureRows(int rows) {
    int blocks = (rows + BLOCK - 1) / BLOCK;
    if (blocks > codes.length) {
      int old = codes.length;
      codes = Arrays.copyOf(codes, blocks);
      for (int b = old; b < blocks; b++) {
        codes[b] = new int[groups][BLOCK];
      }
      int capacity = blocks * BLOCK;
      scale = Arrays.copyOf(scale, capacity);
      residualNorm = Arrays.copyOf(residualNorm, capacity);
      norm = Arrays.copyOf(norm, capacity);
    }
  }
}
