package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void blobIsLittleEndianFloat32() {
    ByteBuffer blob = Vectors.toBlob(new float[] {1f, -2.5f});

    assertThat(blob.remaining()).isEqualTo(8);
    assertThat(blob.duplicate().order(ByteOrder.LITTLE_ENDIAN).getFloat(4)).isEqualTo(-2.5f);
    assertThat(blob.get(3)).isEqualTo((byte) 0x3f); // 1.0f = 0x3f800000, high byte last
  }

  @Test
  void roundTripsFromAnyPositionWithoutMovingIt() {
    float[] v = {0.1f, Float.MIN_VALUE, -0f, 12345.678f};
    ByteBuffer padded = ByteBuffer.allocate(3 + 16);
    padded.position(3);
    padded.put(Vectors.toBlob(v));
    padded.position(3);

    assertThat(Vectors.fromBlob(padded)).containsExactly(v);
    assertThat(padded.position()).isEqualTo(3);
    assertThat(Vectors.fromBlob(null)).isNull();
    assertThatThrownBy(() -> Vectors.fromBlob(ByteBuffer.allocate(5))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void normalizesToUnitLengthAndLeavesZeroAlone() {
    assertThat(Vectors.normalizeInPlace(new float[] {3f, 4f})).containsExactly(0.6f, 0.8f);
    assertThat(Vectors.normalizeInPlace(new float[] {0f, 0f})).containsExactly(0f, 0f);
    assertThat(Vectors.dot(new float[] {1f, 2f}, new float[] {3f, 4f})).isEqualTo(11.0);
  }
}
