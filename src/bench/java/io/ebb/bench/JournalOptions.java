package io.ebb.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the journal benchmarks find Cassandra: the options {@code ebb tune} has, shared as a picocli mixin. */
final class JournalOptions {

  @Option(names = "--data-dir", description = "The service's data folder (default ./data): its Cassandra node.")
  Path dataDir;

  @Option(
      names = "--cassandra",
      paramLabel = "HOST:PORT,…",
      description = "Contact points of the journal's cluster (default: EBB_CASSANDRA_CONTACT_POINTS, else the "
          + "data folder's node).")
  String contactPoints;

  JournalTool open() {
    return JournalTool.open(contactPoints, dataDir);
  }

  String describe() {
    return contactPoints != null ? contactPoints : "the data folder's Cassandra node (or EBB_CASSANDRA_CONTACT_POINTS)";
  }
}
