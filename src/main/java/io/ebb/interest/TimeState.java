package io.ebb.interest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The time-context component of an {@link InterestState}: one decayed vector per {@link TimeBuckets time bucket},
 * each exact as of its own instant, as a horizon is. Empty (no buckets at all) until the first event folded with
 * time context on; then {@value TimeBuckets#COUNT} buckets, zero-length vectors where nothing fell yet.
 */
public record TimeState(List<HorizonState> buckets) {

  public static final TimeState NONE = new TimeState(List.of());

  public TimeState {
    buckets = buckets == null ? List.of() : List.copyOf(buckets);
    if (!buckets.isEmpty() && buckets.size() != TimeBuckets.COUNT) {
      throw new IllegalArgumentException(
          "a time state holds " + TimeBuckets.COUNT + " buckets or none, not " + buckets.size());
    }
  }

  /** True before any event was folded per bucket; {@code @Transient} keeps it out of snapshots. */
  @java.beans.Transient
  public boolean isEmpty() {
    return buckets.isEmpty();
  }

  /** Bucket {@code b}, a zero-length vector when nothing fell into it yet. */
  public HorizonState bucket(int b) {
    return buckets.isEmpty() ? EMPTY_BUCKET : buckets.get(b);
  }

  /** This state with bucket {@code b} replaced. */
  TimeState with(int b, HorizonState h) {
    List<HorizonState> out = new ArrayList<>(TimeBuckets.COUNT);
    for (int i = 0; i < TimeBuckets.COUNT; i++) {
      out.add(i == b ? Objects.requireNonNull(h) : bucket(i));
    }
    return new TimeState(out);
  }

  private static final HorizonState EMPTY_BUCKET = new HorizonState(new float[0], 0L);
}
