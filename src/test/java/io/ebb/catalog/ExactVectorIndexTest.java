package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExactVectorIndexTest extends VectorIndexContract {

  @Override
  protected VectorIndex newIndex() {
    return new ExactVectorIndex();
  }

  @Test
  void aFixedDimensionIsEnforcedFromTheStart() {
    VectorIndex index = new ExactVectorIndex(3);

    assertThatThrownBy(() -> index.upsert("a", new float[] {1f, 2f})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExactVectorIndex(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void growsPastItsInitialCapacity() {
    VectorIndex index = new ExactVectorIndex();
    for (int i = 0; i < 5000; i++) {
      index.upsert("item-" + i, new float[] {i, 1f});
    }
    assertThat(index.topK(new float[] {1f, 0f}, 2, null))
        .extracting(ScoredItem::itemId)
        .containsExactly("item-4999", "item-4998");
  }
}
