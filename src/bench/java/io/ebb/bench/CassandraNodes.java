package io.ebb.bench;

import java.util.Optional;

/** Finds the Cassandra node running on this machine (the embedded one, or any other), for its CPU figures. */
final class CassandraNodes {

  private static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";

  private CassandraNodes() {}

  /** A local process whose command line runs the Cassandra daemon; empty when there is none or it is hidden. */
  static Optional<ProcessHandle> local() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(DAEMON)).orElse(false))
        .findFirst();
  }
}
