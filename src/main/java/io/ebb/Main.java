package io.ebb;

import io.ebb.app.CassandraCommand;
import io.ebb.app.EvalCommand;
import io.ebb.app.ImportCommand;
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
      BenchCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
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
