package io.ebb.interest;

import java.util.Arrays;
import java.util.Objects;

/**
 * One horizon's interest vector, as of {@code asOfEpochMilli}. The vector is zero-length until the first item
 * vector is folded. Treated as immutable: nothing writes to {@code vector} once it is in a record (it is not
 * copied defensively, because the fold already allocates a fresh one per event).
 */
public record HorizonState(float[] vector, long asOfEpochMilli) {

  public HorizonState {
    Objects.requireNonNull(vector, "vector");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HorizonState other
        && asOfEpochMilli == other.asOfEpochMilli
        && Arrays.equals(vector, other.vector);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(vector) + Long.hashCode(asOfEpochMilli);
  }

  @Override
  public String toString() {
    return "HorizonState[vector=" + Arrays.toString(vector) + ", asOfEpochMilli=" + asOfEpochMilli + "]";
  }
}
