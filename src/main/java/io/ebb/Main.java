package io.ebb;

import io.ebb.app.CassandraCommand;
import io.ebb.app.EvalCommand;
import io.ebb.app.ImportCommand;
import io.ebb.app.KeysCommand;
import io.ebb.app.ServeCommand;
import io.ebb.app.TuneCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
      KeysCommand.class
    })
public final class Main implements Runnable {

  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * Commands whose code lives outside the service's sources: the benchmark harness ({@code src/bench/java}, built
   * into the same jar). Named, not imported, so that the service never depends on it; a build without it simply
   * has no {@code bench}.
   */
  private static final List<String> TOOL_COMMANDS = List.of("io.ebb.bench.BenchCommand");

  public static void main(String[] args) {
    // With fewer than 2 threads in the common pool (a 2-core machine gets 1), CompletableFuture runs each async step
    // on a new thread; the asks behind every acknowledged event go through such steps. Set before the pool exists.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(2, cores - 1)));
    }
    CommandLine cli = commandLine();
    int exit = args.length == 0 ? cli.execute("serve") : cli.execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** The command line with every command, the tool commands that are on the class path included. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (String name : TOOL_COMMANDS) {
      try {
        cli.addSubcommand(Class.forName(name));
      } catch (ClassNotFoundException absent) {
        // a build without that tool: its command is not offered
      }
    }
    return cli;
  }

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
