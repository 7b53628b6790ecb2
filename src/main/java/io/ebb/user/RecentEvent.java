package io.ebb.user;

import io.ebb.interest.EventType;

/** One of the user's latest events, kept to explain recommendations. */
public record RecentEvent(String itemId, EventType type, long atEpochMilli, double weight) {}
