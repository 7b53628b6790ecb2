package io.ebb.bench;

/**
 * One request on its way: when it was meant to start ({@link System#nanoTime()}; the send time when not paced),
 * how many events it carries, and the sequence number of its first event (which names its event id).
 */
record Pending(long startNanos, int events, long firstSequence) {}
