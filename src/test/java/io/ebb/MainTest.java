package io.ebb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The command line, and the line between the service's code and the benchmark harness beside it. */
class MainTest {

  @Test
  void theBenchCommandFromItsOwnSourceSetIsOffered() {
    var commands = Main.commandLine().getSubcommands();

    assertThat(commands).containsKeys("serve", "import", "eval", "tune", "cassandra", "bench");
    assertThat(commands.get("bench").getSubcommands())
        .containsKeys("ingest", "query", "recovery", "replay", "cassandra");
  }

  @Test
  void theServiceCodeNeverUsesTheBenchHarness() throws IOException {
    Path service = Path.of("src", "main", "java");
    assertThat(service.resolve("io/ebb/Main.java")).as("run from the project root").exists();
    assertThat(Path.of("src", "bench", "java", "io", "ebb", "bench", "BenchCommand.java")).exists();
    try (Stream<Path> files = Files.walk(service)) {
      List<Path> offending = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> read(f).contains("import io.ebb.bench."))
          .toList();
      assertThat(offending).isEmpty();
    }
    assertThat(service.resolve("io/ebb/bench")).doesNotExist();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(file + " cannot be read", e);
    }
  }
}
