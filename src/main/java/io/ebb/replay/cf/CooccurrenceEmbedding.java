package io.ebb.replay.cf;

import io.ebb.model.CfParams;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.Ordering;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.ejml.data.FMatrixSparseTriplet;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.ops.ConvertMatrixData;
import org.ejml.ops.FConvertMatrixStruct;
import org.ejml.sparse.csc.CommonOps_FSCC;

/**
 * Collaborative item vectors from sequence co-occurrence, factorised so that their inner products approximate
 * it — which is exactly what Ebb's fold and index compute with them.
 *
 * <ol>
 *   <li>Each user's events are sorted ({@link Ordering#EVENT_ORDER}); two events at most {@code window} positions
 *       apart co-occur with weight {@code 1 / distance^γ}: both ways (symmetric {@code C}), or from the earlier to
 *       the later one (directed, for {@linkplain CfParams#asymmetric() asymmetric} vectors).
 *   <li>{@code M_ij = C_ij / ((r_i + 1)^a (c_j + 1)^a)} with row and column sums {@code r, c}: a partial cosine;
 *       {@code a < 0.5} leaves some popularity in the vector lengths.
 *   <li>A rank-{@code dimension} factorisation by randomized subspace iteration (Halko, Martinsson and Tropp
 *       2011) on the sparse {@code M}. Symmetric: the top positive eigenpairs, {@code e_i = U_i · Λ^p}; with
 *       {@code p = 0.5}, {@code e_i · e_j ≈ M_ij}. Asymmetric: the top singular triples, history side
 *       {@code U_i · Σ^p}, candidate side {@code V_j · Σ^p}. So a user's decayed sum of history vectors, matched by
 *       inner product, scores a candidate by its decayed co-occurrence with what the user just did.
 *   <li>Each side is scaled by one factor to a mean length of 1 (never each vector to unit length: an item's length
 *       says how strongly it co-occurs, a popularity that ranking needs).
 * </ol>
 *
 * Pure and deterministic for given training events and parameters (the random start is seeded).
 */
public final class CooccurrenceEmbedding {

  private static final int OVERSAMPLE = 16;

  private CooccurrenceEmbedding() {}

  /** Learns vectors for every item that appears in {@code training}. */
  public static CollaborativeVectors learn(List<Interaction> training, CfParams params) {
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = new ArrayList<>();
    Map<String, List<Interaction>> byUser = new LinkedHashMap<>();
    for (Interaction e : training) {
      byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
      if (!index.containsKey(e.itemId())) {
        index.put(e.itemId(), ids.size());
        ids.add(e.itemId());
      }
    }
    int n = ids.size();
    if (n == 0) {
      return CollaborativeVectors.symmetric(params, params.dimension(), Map.of());
    }
    List<int[]> sequences = new ArrayList<>(byUser.size());
    for (List<Interaction> events : byUser.values()) {
      List<Interaction> sorted = new ArrayList<>(events);
      sorted.sort(Ordering.EVENT_ORDER);
      sequences.add(sorted.stream().mapToInt(e -> index.get(e.itemId())).toArray());
    }
    FMatrixSparseCSC m = cooccurrence(n, sequences, params.window(), params.distanceExponent(), params.asymmetric());
    normalise(m, params.normalization());
    if (!params.asymmetric()) {
      return CollaborativeVectors.symmetric(params, params.dimension(), byId(ids, meanLengthOne(eigen(m, params))));
    }
    float[][][] sides = singular(m, params);
    return new CollaborativeVectors(params, params.dimension(),
        byId(ids, meanLengthOne(sides[0])), byId(ids, meanLengthOne(sides[1])));
  }

  /**
   * Co-occurrence in sequences: item {@code s[p]} with each {@code s[r]}, {@code 0 < r − p ≤ window}, weight
   * {@code (r − p)^−gamma}; repeats of one item are skipped. {@code directed}: only row {@code s[p]}, column
   * {@code s[r]} (what comes after); otherwise both ways (symmetric). Float values: the products with it are
   * accumulated in float, twice the speed of double; the orthonormalisation after each product is done in double.
   */
  static FMatrixSparseCSC cooccurrence(int n, List<int[]> sequences, int window, double gamma, boolean directed) {
    float[] byDistance = new float[window + 1];
    for (int d = 1; d <= window; d++) {
      byDistance[d] = (float) Math.pow(d, -gamma);
    }
    int pairs = 0;
    for (int[] s : sequences) {
      for (int p = 0; p < s.length; p++) {
        for (int r = p + 1; r < Math.min(s.length, p + 1 + window); r++) {
          pairs += s[p] != s[r] ? (directed ? 1 : 2) : 0;
        }
      }
    }
    FMatrixSparseTriplet entries = new FMatrixSparseTriplet(n, n, pairs);
    for (int[] s : sequences) {
      for (int p = 0; p < s.length; p++) {
        for (int r = p + 1; r < Math.min(s.length, p + 1 + window); r++) {
          if (s[p] != s[r]) {
            entries.addItem(s[p], s[r], byDistance[r - p]);
            if (!directed) {
              entries.addItem(s[r], s[p], byDistance[r - p]);
            }
          }
        }
      }
    }
    FMatrixSparseCSC m = FConvertMatrixStruct.convert(entries, (FMatrixSparseCSC) null, null);
    CommonOps_FSCC.duplicatesAdd(m, null); // a pair seen again adds its weight
    m.sortIndices(null);
    return m;
  }

  /**
   * {@code M_ij ← M_ij / ((r_i + 1)^a · (c_j + 1)^a)} with {@code r} the row sums and {@code c} the column sums
   * (equal for a symmetric matrix, which stays symmetric). Summed and scaled in double, not with EJML's float
   * {@code sumRows} and {@code multRowsCols}: their rounding, carried through the power iterations, would move the
   * learned vectors by about 1e-4 of their length, and the evaluation figures with them.
   */
  static void normalise(FMatrixSparseCSC m, double a) {
    int n = m.numRows;
    double[] rows = new double[n];
    double[] columns = new double[n];
    for (int j = 0; j < n; j++) {
      for (int x = m.col_idx[j]; x < m.col_idx[j + 1]; x++) {
        rows[m.nz_rows[x]] += m.nz_values[x];
        columns[j] += m.nz_values[x];
      }
    }
    for (int i = 0; i < n; i++) {
      rows[i] = Math.pow(rows[i] + 1, -a);
      columns[i] = Math.pow(columns[i] + 1, -a);
    }
    for (int j = 0; j < n; j++) {
      for (int x = m.col_idx[j]; x < m.col_idx[j + 1]; x++) {
        m.nz_values[x] = (float) (m.nz_values[x] * rows[m.nz_rows[x]] * columns[j]);
      }
    }
  }

  /**
   * {@code m · y}, in float (see {@link #cooccurrence}). The columns of {@code y} are split into one block per core,
   * multiplied in parallel: EJML's own concurrent product goes a column at a time and was slower here than its
   * single-threaded one, which adds whole rows.
   */
  static DMatrixRMaj times(FMatrixSparseCSC m, DMatrixRMaj y) {
    int l = y.numCols;
    FMatrixRMaj in = new FMatrixRMaj(y.numRows, l);
    ConvertMatrixData.convert(y, in);
    DMatrixRMaj out = new DMatrixRMaj(m.numRows, l);
    int blocks = Math.min(l, Runtime.getRuntime().availableProcessors());
    IntStream.range(0, blocks).parallel().forEach(b -> {
      int from = b * l / blocks;
      int to = (b + 1) * l / blocks;
      FMatrixRMaj product = CommonOps_FSCC.mult(m, CommonOps_FDRM.extract(in, 0, in.numRows, from, to), null);
      DMatrixRMaj block = new DMatrixRMaj(product.numRows, product.numCols);
      ConvertMatrixData.convert(product, block);
      CommonOps_DDRM.insert(block, out, 0, from); // disjoint columns of out: no two blocks write the same cell
    });
    return out;
  }

  /** {@code U_k · Λ_k^p} for the top {@code k} positive eigenvalues of symmetric {@code m}; zeros beyond. */
  static float[][] eigen(FMatrixSparseCSC m, CfParams params) {
    int n = m.numRows;
    int l = Math.min(n, params.dimension() + OVERSAMPLE);
    DMatrixRMaj q = orthonormal(times(m, gaussian(n, l, params.seed())));
    for (int it = 0; it < params.iterations(); it++) {
      q = orthonormal(times(m, q));
    }
    // Rayleigh-Ritz: the small symmetric problem B = Qᵀ M Q
    DMatrixRMaj b = new DMatrixRMaj(l, l);
    CommonOps_DDRM.multTransA(q, times(m, q), b);
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < i; j++) {
        double mean = (b.get(i, j) + b.get(j, i)) / 2; // symmetric up to rounding; make it exactly so
        b.set(i, j, mean);
        b.set(j, i, mean);
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(l, true, true);
    if (!eig.decompose(b)) {
      throw new IllegalStateException("the eigendecomposition of the projected co-occurrence did not converge");
    }
    Integer[] order = new Integer[l];
    for (int i = 0; i < l; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, z) -> Double.compare(eig.getEigenvalue(z).real, eig.getEigenvalue(x).real));
    float[][] w = new float[n][params.dimension()];
    for (int c = 0; c < Math.min(params.dimension(), l); c++) {
      double lambda = eig.getEigenvalue(order[c]).real;
      if (!(lambda > 0)) {
        break; // only the positive part: e_i · e_j must approximate M, not |M|
      }
      DMatrixRMaj v = eig.getEigenVector(order[c]);
      DMatrixRMaj u = new DMatrixRMaj(n, 1);
      CommonOps_DDRM.mult(q, v, u);
      setColumn(w, c, u.data, signOf(u.data) * Math.pow(lambda, params.eigenPower()));
    }
    return w;
  }

  /** History side {@code U_k Σ_k^p} and candidate side {@code V_k Σ_k^p} of {@code m}'s top singular triples. */
  static float[][][] singular(FMatrixSparseCSC m, CfParams params) {
    int n = m.numRows;
    int l = Math.min(n, params.dimension() + OVERSAMPLE);
    FMatrixSparseCSC t = CommonOps_FSCC.transpose(m, null, null);
    DMatrixRMaj q = orthonormal(times(m, gaussian(n, l, params.seed())));
    for (int it = 0; it < params.iterations(); it++) {
      q = orthonormal(times(m, orthonormal(times(t, q))));
    }
    DMatrixRMaj bt = times(t, q); // (Qᵀ M)ᵀ = Mᵀ Q, n × l
    DMatrixRMaj b = new DMatrixRMaj(l, n);
    CommonOps_DDRM.transpose(bt, b);
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, n, true, true, true);
    if (!svd.decompose(b)) {
      throw new IllegalStateException("the SVD of the projected co-occurrence did not converge");
    }
    DMatrixRMaj ub = svd.getU(null, false); // l × l
    DMatrixRMaj vt = svd.getV(null, true); // l × n
    double[] sigma = svd.getSingularValues();
    Integer[] order = new Integer[sigma.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, z) -> Double.compare(sigma[z], sigma[x]));
    DMatrixRMaj u = new DMatrixRMaj(n, l);
    CommonOps_DDRM.mult(q, ub, u);
    float[][] history = new float[n][params.dimension()];
    float[][] candidate = new float[n][params.dimension()];
    double[] column = new double[n];
    for (int c = 0; c < Math.min(params.dimension(), sigma.length); c++) {
      int s = order[c];
      if (!(sigma[s] > 0)) {
        break;
      }
      double scale = Math.pow(sigma[s], params.eigenPower());
      for (int i = 0; i < n; i++) {
        column[i] = u.get(i, s);
      }
      double sign = signOf(column);
      setColumn(history, c, column, sign * scale);
      for (int i = 0; i < n; i++) {
        column[i] = vt.get(s, i);
      }
      setColumn(candidate, c, column, sign * scale); // the same sign on both sides keeps u·σ·vᵀ
    }
    return new float[][][] {history, candidate};
  }

  /** Column {@code c} of {@code w} = {@code factor · v}. */
  private static void setColumn(float[][] w, int c, double[] v, double factor) {
    for (int i = 0; i < w.length; i++) {
      w[i][c] = (float) (factor * v[i]);
    }
  }

  /** −1 when the largest entry (by magnitude) is negative: flipping to it makes the factorisation repeatable. */
  private static double signOf(double[] v) {
    double largest = 0;
    for (double x : v) {
      if (Math.abs(x) > Math.abs(largest)) {
        largest = x;
      }
    }
    return largest < 0 ? -1 : 1;
  }

  private static DMatrixRMaj gaussian(int n, int l, long seed) {
    Random random = new Random(seed);
    DMatrixRMaj y = new DMatrixRMaj(n, l);
    for (int i = 0; i < y.data.length; i++) {
      y.data[i] = random.nextGaussian();
    }
    return y;
  }

  /**
   * An orthonormal basis of the columns of {@code y} (n × l), by modified Gram-Schmidt applied twice ("twice is
   * enough" for float-level orthogonality). A column that is (numerically) in the span of the earlier ones —
   * the co-occurrence of a tiny catalog has rank below l — becomes zero, which the iteration then simply carries.
   */
  static DMatrixRMaj orthonormal(DMatrixRMaj y) {
    int n = y.numRows;
    int l = y.numCols;
    double[][] col = new double[l][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < l; k++) {
        col[k][i] = y.data[i * l + k];
      }
    }
    for (int k = 0; k < l; k++) {
      double[] c = col[k];
      double before = norm(c);
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < k; j++) {
          double[] q = col[j];
          double d = 0;
          for (int i = 0; i < n; i++) {
            d += q[i] * c[i];
          }
          if (d != 0) {
            for (int i = 0; i < n; i++) {
              c[i] -= d * q[i];
            }
          }
        }
      }
      double after = norm(c);
      double scale = before > 0 && after > 1e-10 * before ? 1 / after : 0;
      for (int i = 0; i < n; i++) {
        c[i] *= scale;
      }
    }
    DMatrixRMaj q = new DMatrixRMaj(n, l);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < l; k++) {
        q.data[i * l + k] = col[k][i];
      }
    }
    return q;
  }

  private static double norm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  /** One factor for all rows so that their mean length is 1. */
  private static float[][] meanLengthOne(float[][] w) {
    double total = 0;
    for (float[] v : w) {
      double sum = 0;
      for (float x : v) {
        sum += (double) x * x;
      }
      total += Math.sqrt(sum);
    }
    double scale = total > 0 ? w.length / total : 1.0;
    for (float[] v : w) {
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) (v[k] * scale);
      }
    }
    return w;
  }

  private static Map<String, float[]> byId(List<String> ids, float[][] w) {
    Map<String, float[]> map = new HashMap<>();
    for (int i = 0; i < w.length; i++) {
      map.put(ids.get(i), w[i]);
    }
    return map;
  }
}
