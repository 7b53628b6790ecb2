package io.ebb.catalog;

import java.util.Arrays;
import java.util.Objects;

/** An item with the embedding of its text and the name of the model that made it: what one write stores. */
public record EmbeddedItem(Item item, float[] textVector, String embeddingModel) {

  public EmbeddedItem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(textVector, "textVector");
    Objects.requireNonNull(embeddingModel, "embeddingModel");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddedItem other
        && item.equals(other.item)
        && Arrays.equals(textVector, other.textVector)
        && embeddingModel.equals(other.embeddingModel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(item, Arrays.hashCode(textVector), embeddingModel);
  }

  @Override
  public String toString() {
    return "EmbeddedItem[" + item.itemId() + ", " + textVector.length + "-d, " + embeddingModel + "]";
  }
}
