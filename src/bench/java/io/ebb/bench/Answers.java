package io.ebb.bench;

/** Told, exactly once per request, how the service answered it; called from the client's stream threads. */
interface Answers {

  /** Acknowledged: {@code accepted} events are now in the journal, {@code duplicates} were there before. */
  void accepted(Pending request, int accepted, int duplicates);

  /** The request failed; {@code kind} names the failure for the error table ({@code HTTP 503 unavailable}). */
  void failed(Pending request, String kind);
}
