package io.ebb.interest;

import java.time.Duration;

/** What one horizon holds at some instant: the norm of its decayed vector (0 before any item was folded). */
public record HorizonView(String name, Duration halfLife, double norm) {}
