package io.ebb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs {@code ebb bench …} as the command line does and reads figures back from the printed tables. */
record BenchOutput(String out, String err) {

  static BenchOutput run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    System.out.print(out);
    System.err.print(err);
    assertThat(exit).as("exit code of bench %s; stderr:%n%s", String.join(" ", args), err).isZero();
    return new BenchOutput(out.toString(), err.toString());
  }

  /** The value cell of the two-column table row that starts with {@code figure}. */
  String figure(String figure) {
    Matcher m = Pattern.compile("^\\| " + Pattern.quote(figure) + " +\\| +(.*?) \\|$", Pattern.MULTILINE).matcher(out);
    assertThat(m.find()).as("a row '%s' in:%n%s", figure, out).isTrue();
    return m.group(1);
  }

  /** The first whole number of a row's value ({@code "1,234 (…)"} gives 1234). */
  long number(String figure) {
    Matcher m = Pattern.compile("[0-9][0-9,]*").matcher(figure(figure));
    assertThat(m.find()).as("a number in row '%s'", figure).isTrue();
    return Long.parseLong(m.group().replace(",", ""));
  }
}
