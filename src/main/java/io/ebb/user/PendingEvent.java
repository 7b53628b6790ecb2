package io.ebb.user;

/**
 * A behaviour event whose item the catalog did not know when it was folded: its vector is added once the item is
 * known, at its own instant and weight. Exponential decay is linear, so adding {@code w · e · 2^(−Δ/T)} later gives
 * the state that folding it on time would have given.
 */
public record PendingEvent(String itemId, long atEpochMilli, double weight) {}
