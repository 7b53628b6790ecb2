package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizedRowsTest {

  @Test
  void everyRowsScoreLiesWithinItsBounds() {
    ClusteredVectors vectors = new ClusteredVectors(7, 384, 50);
    float[][] rows = vectors.items(QuantizedRows.BLOCK + 300); // a block and a part of one
    QuantizedRows quantized = quantize(rows);

    for (int q = 0; q < 20; q++) {
      assertBoundsHold(quantized, rows, vectors.query());
    }
  }

  @Test
  void boundsHoldForRowsAQuantisationTreatsWorst() {
    int d = 37; // not a multiple of four: the last group is part padding
    Random random = new Random(3);
    float[][] rows = new float[6][d];
    rows[1][5] = 1e6f; // one huge component: every other one rounds to code 0
    for (int i = 0; i < d; i++) {
      rows[1][i] += (float) random.nextGaussian();
      rows[2][i] = i % 2 == 0 ? 1e-30f : -1e-30f; // tiny: the scale is near the bottom of float
      rows[3][i] = -127.49f * (i + 1);
      rows[4][i] = (float) random.nextGaussian() * 1e3f;
    }
    rows[5][d - 1] = 3f; // only the padded group is non-zero
    QuantizedRows quantized = quantize(rows);

    float[] spiky = new float[d];
    spiky[5] = -1f;
    spiky[d - 1] = 1e4f;
    float[] gaussian = new float[d];
    for (int i = 0; i < d; i++) {
      gaussian[i] = (float) random.nextGaussian();
    }
    for (float[] query : new float[][] {spiky, gaussian, new float[d], rows[1], rows[3]}) {
      assertBoundsHold(quantized, rows, query);
    }
  }

  @Test
  void aZeroRowAndAZeroQueryAreBoundedByZero() {
    float[][] rows = {new float[8], {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f}};
    QuantizedRows quantized = quantize(rows);
    float[] lower = new float[2];
    float[] upper = new float[2];

    quantized.bounds(new float[8], 2, lower, upper);

    for (int r = 0; r < 2; r++) {
      assertThat(lower[r]).isBetween(-1e-30f, 0f);
      assertThat(upper[r]).isBetween(0f, 1e-30f);
    }
  }

  @Test
  void boundsAreTightEnoughToPrune() {
    ClusteredVectors vectors = new ClusteredVectors(11, 384, 50);
    float[][] rows = vectors.items(2000);
    QuantizedRows quantized = quantize(rows);
    float[] lower = new float[rows.length];
    float[] upper = new float[rows.length];

    float[] query = vectors.query();
    quantized.bounds(query, rows.length, lower, upper);

    // Scores lie within ±‖q‖·‖m‖; one byte per component bounds them to a few hundredths of that.
    for (int r = 0; r < rows.length; r++) {
      double scale = Vectors.norm(query) * Vectors.norm(rows[r]);
      assertThat((upper[r] - lower[r]) / scale).as("row %d", r).isLessThan(0.05);
    }
  }

  @Test
  void aMovedRowIsBoundedAsItsSource() {
    ClusteredVectors vectors = new ClusteredVectors(5, 16, 4);
    float[][] rows = vectors.items(QuantizedRows.BLOCK + 10);
    QuantizedRows quantized = quantize(rows);
    int last = rows.length - 1;

    quantized.move(last, 3); // across blocks, as a removal moves the last row into a gap
    rows[3] = rows[last];

    assertBoundsHold(quantized, rows, vectors.query());
  }

  private static QuantizedRows quantize(float[][] rows) {
    QuantizedRows quantized = new QuantizedRows(rows[0].length);
    for (int r = 0; r < rows.length; r++) {
      quantized.set(r, rows[r]);
    }
    return quantized;
  }

  private static void assertBoundsHold(QuantizedRows quantized, float[][] rows, float[] query) {
    float[] lower = new float[rows.length];
    float[] upper = new float[rows.length];
    quantized.bounds(query, rows.length, lower, upper);
    for (int r = 0; r < rows.length; r++) {
      double score = Vectors.dot(query, rows[r], 0, query.length);
      assertThat(score).as("row %d", r).isBetween((double) lower[r], (double) upper[r]);
    }
  }
}
