package io.ebb.interest;

/** A tag and its decayed weight at some instant. */
public record TagWeight(String tag, double weight) {}
