package io.ebb;

import io.ebb.app.CassandraCommand;
import io.ebb.app.EvalCommand;
import io.ebb.app.ImportCommand;
import io.ebb.app.KeysCommand;
import io.ebb.app.ServeCommand;
import io.ebb.app.TuneCommand;
import io.ebb.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar ebb.jar [command]}: with no command, runs the service ({@code serve}). */
@Command(
    name = "ebb",
    mixinStandardHelpOptions = true,
    version = "Ebb 0.1.0",
    description = "Real-time recommender: users as event-sourced actors with decayed interest vectors.",
    subcommands = {
      ServeCommand.class,
      ImportCommand.class,
      EvalCommand.class,
      TuneCommand.class,
      CassandraCommand.class,
      KeysCommand.class,
      BenchCommand.class
    })
public final class Main implements Runnable {

  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    // With fewer than 2 threads in the common pool (a 2-core machine gets 1), CompletableFuture runs each async step
    // on a new thread; the asks behind every acknowledged event go through such steps. Set before the pool exists.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(2, cores - 1)));
    }
    CommandLine cli = new CommandLine(new Main());
    int exit = args.length == 0 ? cli.execute("serve") : cli.execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
