package io.ebb.catalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * An item as stored: its text vector and the model that made it, and the behaviour-learned vector the tuner
 * stores beside it ({@code null} until it has). The text vector is {@code null} only for a row written by
 * something other than {@link ItemStore#upsert}.
 */
public record StoredItem(Item item, float[] textVector, float[] cfVector, String embeddingModel) {

  public StoredItem {
    Objects.requireNonNull(item, "item");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredItem other
        && item.equals(other.item)
        && Arrays.equals(textVector, other.textVector)
        && Arrays.equals(cfVector, other.cfVector)
        && Objects.equals(embeddingModel, other.embeddingModel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(item, Arrays.hashCode(textVector), Arrays.hashCode(cfVector), embeddingModel);
  }

  @Override
  public String toString() {
    return "StoredItem[" + item + ", text " + dimensionOf(textVector) + ", cf " + dimensionOf(cfVector)
        + ", " + embeddingModel + "]";
  }

  private static String dimensionOf(float[] v) {
    return v == null ? "none" : v.length + "-d";
  }
}
