package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorMathTest {

  @Test
  void dotAndNorm() {
    assertThat(VectorMath.dot(new float[] {1, 2, 3}, new float[] {4, -5, 6})).isEqualTo(12.0);
    assertThat(VectorMath.norm(new float[] {3, 4})).isEqualTo(5.0);
    assertThat(VectorMath.norm(new float[0])).isZero();
  }

  @Test
  void addScaledWorksInPlace() {
    float[] target = {1, 1, 1};
    VectorMath.addScaled(target, new float[] {1, 2, 3}, -0.5);
    assertThat(target).containsExactly(0.5f, 0.0f, -0.5f);
  }

  @Test
  void scaledAndNormalizedReturnNewArrays() {
    float[] v = {3, 0, 4};
    float[] s = VectorMath.scaled(v, 2);
    float[] n = VectorMath.normalized(v);
    assertThat(s).containsExactly(6, 0, 8);
    assertThat(n).containsExactly(new float[] {0.6f, 0f, 0.8f}, within(1e-7f));
    assertThat(v).containsExactly(3, 0, 4);
    assertThat(s).isNotSameAs(v);
  }

  @Test
  void normalizedOfZeroIsEmpty() {
    assertThat(VectorMath.normalized(new float[] {0, 0, 0})).isEmpty();
  }

  @Test
  void dimensionsMustMatch() {
    assertThatThrownBy(() -> VectorMath.dot(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VectorMath.addScaled(new float[2], new float[3], 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
