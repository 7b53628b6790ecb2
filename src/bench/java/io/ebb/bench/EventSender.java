package io.ebb.bench;

/**
 * Carries requests of events to the service and reports each answer to its {@link Answers}. The caller keeps at
 * most {@link #capacity()} requests in flight; {@link #send} never blocks.
 */
interface EventSender extends AutoCloseable {

  /** Requests the sender can have in flight at once (connections, or sockets times their window). */
  int capacity();

  void send(byte[] body, Pending request);

  /** What is being measured, for the report: {@code POST /v1/events over 32 connections}. */
  String describe();

  @Override
  void close();
}
