package io.ebb.user;

/**
 * A behaviour event whose item the catalog did not know when it was folded: its vector is added once the item is
 * known, at its own instant and weight. Exponential decay is linear, so adding {@code w · e · 2^(−Δ/T)} later gives
 * the state that folding it on time would have given.

 *
 * @param tz the event's {@code context.tz} (its time bucket when time context is on), or null
 */
public record PendingEvent(String itemId, long atEpochMilli, double weight, String tz) {

  /** An event without a zone. */
  public PendingEvent(String itemId, long atEpochMilli, double weight) {
    this(itemId, atEpochMilli, weight, null);
  }
}
