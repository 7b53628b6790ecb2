package io.ebb.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog in real child JVMs, with {@link FakeDaemon} in Cassandra's place: the node stops, its shutdown hook
 * run, when its owner is gone — by SIGKILL, by a closed stdin or by a lost parent — and a hanging drain is cut at
 * the grace period. The jar holds the watchdog alone: the children have no Ebb class but that one.
 */
class NodeWatchdogTest {

  /** Far below the 30 s a real node may take: the fake drains at once. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aSigkilledOwnersNodeDrainsAndExits() throws Exception {
    Path marker = dir.resolve("node");
    Process owner = start(List.of(javaBinary(), "-cp", testClasses().toString(), FakeOwner.class.getName(),
        javaBinary(), childClasspath(), marker.toString(), "20"));
    long nodePid;
    try (var out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
      nodePid = Long.parseLong(out.readLine().strip());
    }
    ProcessHandle node = ProcessHandle.of(nodePid).orElseThrow();
    awaitTrue(PROMPTLY, "the fake node to start", () -> lines(marker).contains("started"));

    owner.destroyForcibly(); // SIGKILL: no hook of the owner runs

    assertThat(node.onExit().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(lines(marker)).containsExactly("started", "drained");
    assertThat(Files.readString(Path.of(marker + ".out"))).contains("stdin was closed");
  }

  @Test
  void aClosedStdinStopsTheNodeCleanly() throws Exception {
    Path marker = dir.resolve("node");
    Process node = startNode(ProcessHandle.current().pid(), 20, marker, "normal");
    awaitTrue(PROMPTLY, "the fake node to start", () -> lines(marker).contains("started"));

    node.getOutputStream().close();

    assertThat(node.waitFor(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).isZero();
    assertThat(lines(marker)).containsExactly("started", "drained");
  }

  @Test
  void aNodeWhoseParentIsNotItsOwnerStopsEvenWithStdinOpen() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path marker = dir.resolve("node");
    Process node = startNode(gone.pid(), 20, marker, "normal");

    assertThat(node.waitFor(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(lines(marker)).contains("drained");
    assertThat(Files.readString(dir.resolve("node.out"))).contains("no longer this process's parent");
  }

  @Test
  void aDrainThatHangsIsHaltedAfterTheGracePeriod() throws Exception {
    Path marker = dir.resolve("node");
    Process node = startNode(ProcessHandle.current().pid(), 2, marker, "hang");
    awaitTrue(PROMPTLY, "the fake node to start", () -> lines(marker).contains("started"));
    long closed = System.nanoTime();

    node.getOutputStream().close();

    assertThat(node.waitFor(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - closed)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(node.exitValue()).isEqualTo(3);
    assertThat(lines(marker)).containsExactly("started");
  }

  @Test
  void aNodeOwnedByThisProcessKeepsRunning() throws Exception {
    Path marker = dir.resolve("node");
    Process node = startNode(ProcessHandle.current().pid(), 20, marker, "normal");
    awaitTrue(PROMPTLY, "the fake node to start", () -> lines(marker).contains("started"));

    // Three owner checks later (one a second) it still runs: only the owner's end stops it.
    assertThat(node.waitFor(3_500, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(lines(marker)).containsExactly("started");
  }

  private Process startNode(long ownerPid, int graceSeconds, Path marker, String mode) throws IOException {
    return start(List.of(javaBinary(), "-cp", childClasspath(), NodeWatchdog.class.getName(),
        String.valueOf(ownerPid), String.valueOf(graceSeconds), FakeDaemon.class.getName(), marker.toString(), mode),
        dir.resolve(marker.getFileName() + ".out"));
  }

  private Process start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectError(dir.resolve("owner.err").toFile()).start();
    started.add(process);
    return process;
  }

  private Process start(List<String> command, Path output) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    started.add(process);
    return process;
  }

  /** The watchdog's own jar and the test classes (the fakes): nothing else of Ebb. */
  private String childClasspath() throws IOException {
    return WatchdogJar.write(dir) + File.pathSeparator + testClasses();
  }

  static Path testClasses() {
    try {
      return Path.of(FakeDaemon.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String javaBinary() {
    return EmbeddedCassandra.javaBinary();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void awaitTrue(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
