package io.ebb.replay.cf;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;

/** A square sparse matrix in compressed rows with float values: the co-occurrence the embedding factorises. */
final class SparseMatrix {

  private final int[] rowStart;
  private final int[] cols;
  private final float[] values;

  private SparseMatrix(int[] rowStart, int[] cols, float[] values) {
    this.rowStart = rowStart;
    this.cols = cols;
    this.values = values;
  }

  int size() {
    return rowStart.length - 1;
  }

  int nonZeros() {
    return cols.length;
  }

  /**
   * Co-occurrence in sequences: item {@code s[p]} with each {@code s[r]}, {@code 0 < r − p ≤ window}, weight
   * {@code (r − p)^−gamma}; repeats of one item are skipped. {@code directed}: only row {@code s[p]}, column
   * {@code s[r]} (what comes after); otherwise both ways (symmetric).
   */
  static SparseMatrix cooccurrence(int n, List<int[]> sequences, int window, double gamma, boolean directed) {
    float[] byDistance = new float[window + 1];
    for (int d = 1; d <= window; d++) {
      byDistance[d] = (float) Math.pow(d, -gamma);
    }
    // pass 1 counts each row's contributions, pass 2 places them, then duplicates are merged per row
    int[] counts = new int[n];
    for (int[] s : sequences) {
      for (int p = 0; p < s.length; p++) {
        for (int r = p + 1; r < Math.min(s.length, p + 1 + window); r++) {
          if (s[p] != s[r]) {
            counts[s[p]]++;
            if (!directed) {
              counts[s[r]]++;
            }
          }
        }
      }
    }
    int[] start = new int[n + 1];
    for (int i = 0; i < n; i++) {
      start[i + 1] = start[i] + counts[i];
    }
    int[] fill = Arrays.copyOf(start, n);
    int[] rawCols = new int[start[n]];
    float[] rawValues = new float[start[n]];
    for (int[] s : sequences) {
      for (int p = 0; p < s.length; p++) {
        for (int r = p + 1; r < Math.min(s.length, p + 1 + window); r++) {
          int a = s[p];
          int b = s[r];
          if (a != b) {
            float w = byDistance[r - p];
            rawCols[fill[a]] = b;
            rawValues[fill[a]++] = w;
            if (!directed) {
              rawCols[fill[b]] = a;
              rawValues[fill[b]++] = w;
            }
          }
        }
      }
    }
    return merge(n, start, rawCols, rawValues);
  }

  /** Rows given as unsorted (column, value) runs with repeats: summed per column, columns sorted. */
  private static SparseMatrix merge(int n, int[] start, int[] rawCols, float[] rawValues) {
    float[] dense = new float[n];
    boolean[] seen = new boolean[n];
    int[] touched = new int[n];
    int[] rowStart = new int[n + 1];
    int[][] rowCols = new int[n][];
    float[][] rowValues = new float[n][];
    for (int i = 0; i < n; i++) {
      int t = 0;
      for (int x = start[i]; x < start[i + 1]; x++) {
        int j = rawCols[x];
        if (!seen[j]) {
          seen[j] = true;
          touched[t++] = j;
        }
        dense[j] += rawValues[x];
      }
      int[] c = Arrays.copyOf(touched, t);
      Arrays.sort(c);
      float[] v = new float[t];
      for (int x = 0; x < t; x++) {
        v[x] = dense[c[x]];
        dense[c[x]] = 0f;
        seen[c[x]] = false;
      }
      rowCols[i] = c;
      rowValues[i] = v;
      rowStart[i + 1] = rowStart[i] + t;
    }
    int[] cols = new int[rowStart[n]];
    float[] values = new float[rowStart[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rowCols[i], 0, cols, rowStart[i], rowCols[i].length);
      System.arraycopy(rowValues[i], 0, values, rowStart[i], rowValues[i].length);
    }
    return new SparseMatrix(rowStart, cols, values);
  }

  /**
   * {@code M_ij ← M_ij / ((r_i + 1)^a · (c_j + 1)^a)} with {@code r} the row sums and {@code c} the column sums
   * (equal for a symmetric matrix, which stays symmetric).
   */
  void normalise(double a) {
    int n = size();
    double[] rows = new double[n];
    double[] columns = new double[n];
    for (int i = 0; i < n; i++) {
      for (int x = rowStart[i]; x < rowStart[i + 1]; x++) {
        rows[i] += values[x];
        columns[cols[x]] += values[x];
      }
    }
    for (int i = 0; i < n; i++) {
      rows[i] = Math.pow(rows[i] + 1, -a);
      columns[i] = Math.pow(columns[i] + 1, -a);
    }
    for (int i = 0; i < n; i++) {
      for (int x = rowStart[i]; x < rowStart[i + 1]; x++) {
        values[x] = (float) (values[x] * rows[i] * columns[cols[x]]);
      }
    }
  }

  SparseMatrix transpose() {
    int n = size();
    int[] start = new int[n + 1];
    for (int c : cols) {
      start[c + 1]++;
    }
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    int[] fill = Arrays.copyOf(start, n);
    int[] tCols = new int[cols.length];
    float[] tValues = new float[values.length];
    for (int i = 0; i < n; i++) {
      for (int x = rowStart[i]; x < rowStart[i + 1]; x++) {
        int at = fill[cols[x]]++;
        tCols[at] = i;
        tValues[at] = values[x];
      }
    }
    return new SparseMatrix(start, tCols, tValues); // rows filled in increasing i: columns come out sorted
  }

  /**
   * {@code M · y} for a dense row-major {@code y} with {@code size()} rows; rows computed in parallel. The
   * products are accumulated in float (as the values are stored): twice the speed of double, and the
   * orthonormalisation that follows each product is done in double.
   */
  DMatrixRMaj times(DMatrixRMaj y) {
    int n = size();
    int l = y.numCols;
    float[] in = new float[y.data.length];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) y.data[i];
    }
    float[] o = new float[n * l];
    IntStream.range(0, n).parallel().forEach(i -> {
      int base = i * l;
      for (int x = rowStart[i]; x < rowStart[i + 1]; x++) {
        float v = values[x];
        int from = cols[x] * l;
        for (int k = 0; k < l; k++) {
          o[base + k] += v * in[from + k];
        }
      }
    });
    DMatrixRMaj out = new DMatrixRMaj(n, l);
    for (int i = 0; i < o.length; i++) {
      out.data[i] = o[i];
    }
    return out;
  }
}
