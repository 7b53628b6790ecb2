package io.ebb.replay;

/**
 * A method's metrics on one target list: over all targets, and over the targets whose item is cold (no training
 * event, so no collaborative vector) and warm.
 */
public record Evaluation(MetricSet all, MetricSet cold, MetricSet warm) {}
