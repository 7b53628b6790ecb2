package io.ebb.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a start finds of an earlier node on its data folder, and what it does about it. A node whose owner still
 * runs is refused (two nodes must never share the data). A node whose owner is gone — a service killed with
 * SIGKILL, whose node the watchdog is still draining — is stopped, and the start goes on.
 *
 * <p>The owner is read from the node's own command line, where the launcher put it as {@link NodeWatchdog}'s first
 * argument, and it still owns the node only while it is the node's parent: the OS hands a dead process's children
 * to another parent, so a reused pid cannot pass for the owner. A node whose command line names no owner (started
 * by an older Ebb) counts as owned. A process that shows no command line at all is exiting, or has exited and
 * waits to be reaped (a zombie, which the OS still reports alive): it gets a few seconds to go, and holds neither
 * data nor ports either way (the port checks that follow would still catch a node that listens).
 */
final class OrphanNode {

  /** A node past its drain needs milliseconds to be gone; a zombie may wait longer for its reaper. */
  static final Duration EXITING_WAIT = Duration.ofSeconds(5);

  private enum Kind { OWNED, ORPHANED, EXITING, FOREIGN }

  private OrphanNode() {}

  /**
   * Returns once no node runs on {@code config}'s folder, stale pid and endpoint files removed.
   *
   * @throws CassandraStartException when a node with a living owner runs there, or an orphan cannot be stopped
   */
  static void clear(CassandraNodeConfig config, ProgressListener progress) {
    Optional<ProcessHandle> node = recordedPid(config).stream()
        .mapToObj(ProcessHandle::of)
        .flatMap(Optional::stream)
        .filter(ProcessHandle::isAlive)
        .findFirst();
    if (node.isPresent()) {
      ProcessHandle handle = node.get();
      switch (kind(handle)) {
        case OWNED -> throw new CassandraStartException(("a Cassandra node (pid %d%s) already runs on %s: use it, "
            + "or stop it (kill %d) before starting another").formatted(handle.pid(), describeEndpoint(config),
            config.dataDir(), handle.pid()));
        case ORPHANED -> stop(handle, progress);
        case EXITING -> awaitExit(handle, EXITING_WAIT);
        case FOREIGN -> { } // the pid was reused by another program
      }
    }
    for (Path file : List.of(config.endpointFile(), config.pidFile())) {
      try {
        Files.deleteIfExists(file); // left behind by a node that crashed or was killed
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The pid file's pid, else the endpoint file's (a node started before pid files existed). */
  private static OptionalLong recordedPid(CassandraNodeConfig config) {
    try {
      if (Files.isRegularFile(config.pidFile())) {
        return OptionalLong.of(Long.parseLong(Files.readString(config.pidFile()).strip()));
      }
    } catch (IOException | NumberFormatException e) {
      // half-written: try the endpoint file
    }
    return EmbeddedCassandra.readEndpoint(config.endpointFile())
        .map(endpoint -> OptionalLong.of(endpoint.pid()))
        .orElse(OptionalLong.empty());
  }

  private static Kind kind(ProcessHandle process) {
    Optional<String[]> arguments = process.info().arguments();
    if (arguments.isEmpty()) {
      return Kind.EXITING;
    }
    if (!Arrays.asList(arguments.get()).contains(EmbeddedCassandra.MAIN_CLASS)) {
      return Kind.FOREIGN;
    }
    OptionalLong owner = owner(arguments.get());
    if (owner.isEmpty()) {
      return Kind.OWNED;
    }
    boolean ownerIsParent = process.parent().map(ProcessHandle::pid).filter(pid -> pid == owner.getAsLong())
        .isPresent();
    return ownerIsParent ? Kind.OWNED : Kind.ORPHANED;
  }

  /** The argument after the watchdog's class name: the pid of the process that launched the node. */
  static OptionalLong owner(String[] arguments) {
    int at = Arrays.asList(arguments).indexOf(NodeWatchdog.class.getName());
    if (at < 0 || at + 1 >= arguments.length) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(arguments[at + 1]));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * SIGTERM (a drain, which the watchdog may already have begun: a second request changes nothing), then SIGKILL
   * past {@link EmbeddedCassandra#STOP_TIMEOUT}. Either way the commit log is replayed at the next start.
   */
  private static void stop(ProcessHandle node, ProgressListener progress) {
    long started = System.nanoTime();
    progress.message("a Cassandra node (pid %d) left by a process that is gone still runs on this data: stopping it"
        .formatted(node.pid()));
    node.destroy();
    if (!awaitExit(node, EmbeddedCassandra.STOP_TIMEOUT)) {
      progress.message("the node (pid %d) did not stop within %d s: killing it"
          .formatted(node.pid(), EmbeddedCassandra.STOP_TIMEOUT.toSeconds()));
      node.destroyForcibly();
      if (!awaitExit(node, Duration.ofSeconds(10))) {
        throw new CassandraStartException("cannot stop the Cassandra node (pid %d) left on this data: stop it "
            + "(kill -9 %d) and start again".formatted(node.pid(), node.pid()));
      }
    }
    progress.message("the left node (pid %d) stopped after %.1f s".formatted(node.pid(),
        (System.nanoTime() - started) / 1e9));
  }

  private static boolean awaitExit(ProcessHandle node, Duration timeout) {
    try {
      node.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !node.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CassandraStartException("interrupted while stopping the Cassandra node (pid %d) left on this data"
          .formatted(node.pid()), e);
    }
  }

  private static String describeEndpoint(CassandraNodeConfig config) {
    return EmbeddedCassandra.readEndpoint(config.endpointFile())
        .map(e -> ", CQL on %s:%d".formatted(e.host(), e.cqlPort()))
        .orElse("");
  }
}
