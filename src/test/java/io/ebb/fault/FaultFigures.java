package io.ebb.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a fault run, printed as a Markdown table at the end and appended to
 * {@code <ebb.test.dataDir>/fault-figures.md}, so a soak's numbers can go into the README as measured.
 */
final class FaultFigures {

  /**
   * One fault; the times are from the SIGKILL. {@code nodeGone}: the killed service's node exited;
   * {@code notReady}: {@code /health/ready} answered 503; {@code first503}: a client's write was answered 503;
   * {@code ready}: ready again; {@code acknowledged}: the first event acknowledged after that. Null where it
   * does not apply.
   */
  record Fault(String kind, Duration nodeGone, Duration notReady, Duration first503, Duration ready,
      Duration acknowledged, int retriedWrites) {}

  private final String name;
  private final List<Fault> faults = new ArrayList<>();
  private String total = "";

  FaultFigures(String name) {
    this.name = name;
  }

  synchronized void add(Fault fault) {
    faults.add(fault);
    System.out.println("[fault] " + row(fault));
  }

  synchronized void total(long events, int users, long lost) {
    total = "%,d events of %d users acknowledged; %d faults survived; acknowledged events lost: %d"
        .formatted(events, users, faults.size(), lost);
  }

  synchronized String table() {
    var out = new StringBuilder();
    out.append("%s (%s)%n%n".formatted(name, Instant.now()));
    out.append("| fault | node gone | not ready | first 503 | ready again | first ack | retried writes |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    faults.forEach(f -> out.append(row(f)).append('\n'));
    out.append('\n').append(total).append('\n');
    return out.toString();
  }

  /** Prints the table and appends it to the figures file. */
  void report() {
    String table = table();
    System.out.println(table);
    Path file = Path.of(System.getProperty("ebb.test.dataDir", "target/test-data"), "fault-figures.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, table + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("[fault] cannot write " + file + ": " + e.getMessage());
    }
  }

  private static String row(Fault f) {
    return "| %s | %s | %s | %s | %s | %s | %d |".formatted(f.kind(), seconds(f.nodeGone()), seconds(f.notReady()),
        seconds(f.first503()), seconds(f.ready()), seconds(f.acknowledged()), f.retriedWrites());
  }

  private static String seconds(Duration d) {
    return d == null ? "–" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
  }
}
