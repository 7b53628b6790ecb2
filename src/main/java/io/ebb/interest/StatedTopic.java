package io.ebb.interest;

/** One stated interest as captured: a short topic and its weight in [0, 1] at the instant of capture. */
public record StatedTopic(String topic, double weight) {}
