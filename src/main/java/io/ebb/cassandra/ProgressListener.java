package io.ebb.cassandra;

/**
 * Receives human-readable progress lines while Cassandra's jars are resolved and a node starts or stops.
 * Lines are few (one every few artifacts, one per phase), so printing them directly is fine.
 */
@FunctionalInterface
public interface ProgressListener {

  void message(String line);

  /** Prints each line to stderr as {@code [cassandra] …}: stdout stays free for a tool's real output. */
  static ProgressListener stderr() {
    return line -> System.err.println("[cassandra] " + line);
  }

  static ProgressListener silent() {
    return line -> {};
  }
}
