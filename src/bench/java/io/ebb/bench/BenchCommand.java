package io.ebb.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ebb bench …}: benchmarks that print figures. They are tools for people sizing a deployment, not tests;
 * each has a smoke test with tiny sizes, and the figures they printed here are in the README.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: ingestion, recommendation queries, entity recovery, journal replay, raw journal writes.",
    subcommands = {
      IngestBench.class, QueryBench.class, RecoveryBench.class, ReplayBench.class, CassandraWriteBench.class
    })
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
