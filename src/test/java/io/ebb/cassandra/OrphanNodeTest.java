package io.ebb.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start does with a node it finds on its folder, with {@link FakeDaemon} processes whose command lines read
 * like a node's: owner alive, refused; owner gone, stopped (its drain runs) and the files cleared.
 */
class OrphanNodeTest {

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void theOwnerIsTheArgumentAfterTheWatchdogsName() {
    assertThat(OrphanNode.owner(new String[] {"@jvm.args", NodeWatchdog.class.getName(), "4711", "25",
        EmbeddedCassandra.MAIN_CLASS})).isEqualTo(OptionalLong.of(4711));
    assertThat(OrphanNode.owner(new String[] {"@jvm.args", EmbeddedCassandra.MAIN_CLASS})).isEmpty();
    assertThat(OrphanNode.owner(new String[] {NodeWatchdog.class.getName()})).isEmpty();
    assertThat(OrphanNode.owner(new String[] {NodeWatchdog.class.getName(), "x"})).isEmpty();
  }

  @Test
  void aNodeWhoseOwnerIsGoneIsStoppedAndItsFilesCleared() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path marker = dir.resolve("node");
    Process node = startLookalike(gone.pid(), marker);
    CassandraNodeConfig config = CassandraNodeConfig.defaults(dir);
    Files.writeString(config.pidFile(), node.pid() + "\n");
    Files.writeString(config.endpointFile(), "host=127.0.0.1\ncqlPort=9042\npid=" + node.pid() + "\n");
    var progress = new ArrayList<String>();

    OrphanNode.clear(config, progress::add);

    assertThat(node.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(marker)).containsExactly("started", "drained"); // SIGTERM: its drain ran
    assertThat(config.pidFile()).doesNotExist();
    assertThat(config.endpointFile()).doesNotExist();
    assertThat(progress).first().asString().contains("pid " + node.pid()).contains("stopping it");
  }

  @Test
  void aNodeWhoseOwnerLivesIsRefusedAndLeftRunning() throws Exception {
    Path marker = dir.resolve("node");
    Process node = startLookalike(ProcessHandle.current().pid(), marker);
    CassandraNodeConfig config = CassandraNodeConfig.defaults(dir);
    Files.writeString(config.pidFile(), node.pid() + "\n");

    assertThatThrownBy(() -> OrphanNode.clear(config, ProgressListener.silent()))
        .isInstanceOf(CassandraStartException.class)
        .hasMessageContaining("pid " + node.pid())
        .hasMessageContaining("already runs on " + dir);
    assertThat(node.isAlive()).isTrue();
    assertThat(config.pidFile()).exists();
  }

  /**
   * A node that has just exited is a zombie until its new parent reaps it: alive to the JDK, with no command line.
   * A restart right after a killed service met one and refused to start.
   */
  @Test
  void aNodeThatHasExitedButIsNotReapedYetDoesNotBlockAStart() throws Exception {
    // The shell's background child exits after the exec, which leaves it a parent (sleep) that never reaps it.
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0.3 & echo $!; exec sleep 60").start();
    started.add(parent);
    long zombie;
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()))) {
      zombie = Long.parseLong(out.readLine().strip());
    }
    NodeWatchdogTest.awaitTrue(java.time.Duration.ofSeconds(10), "the child to exit",
        () -> ProcessHandle.of(zombie).map(p -> p.info().commandLine().isEmpty()).orElse(false));
    assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).contains(true);
    CassandraNodeConfig config = CassandraNodeConfig.defaults(dir);
    Files.writeString(config.pidFile(), zombie + "\n");

    OrphanNode.clear(config, ProgressListener.silent());

    assertThat(config.pidFile()).doesNotExist();
  }

  @Test
  void aPidFileOfAnotherKindOfProcessIsStale() throws Exception {
    CassandraNodeConfig config = CassandraNodeConfig.defaults(dir);
    Files.writeString(config.pidFile(), ProcessHandle.current().pid() + "\n"); // alive, but no Cassandra

    OrphanNode.clear(config, ProgressListener.silent());

    assertThat(config.pidFile()).doesNotExist();
  }

  /**
   * A JVM whose command line names the watchdog, an owner and Cassandra's main class, as a node's does, without
   * the watchdog running in it (an orphan that does not stop by itself, as one from before the watchdog).
   */
  private Process startLookalike(long ownerPid, Path marker) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(EmbeddedCassandra.javaBinary(), "-cp",
        NodeWatchdogTest.testClasses().toString(), FakeDaemon.class.getName(), marker.toString(), "normal",
        NodeWatchdog.class.getName(), String.valueOf(ownerPid), "25", EmbeddedCassandra.MAIN_CLASS)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("node.out").toFile())
        .start();
    started.add(process);
    NodeWatchdogTest.awaitTrue(java.time.Duration.ofSeconds(10), "the lookalike to start",
        () -> Files.exists(marker));
    return process;
  }
}
