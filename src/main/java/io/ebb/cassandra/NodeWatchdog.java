package io.ebb.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Main class of the embedded node's JVM: it ties the node's life to the process that launched it, then hands over
 * to Cassandra's own main class. A service killed with SIGKILL runs no shutdown hook, so without this its node would
 * run on, holding the data folder and the ports the next start needs.
 *
 * <p>The owner keeps the write end of the node's stdin open and never writes to it. The OS closes it when the owner
 * dies, however it dies, and the read here then ends; as a second sign the owner's pid is checked every second
 * (a dead owner's children are handed to another parent). Either way the node is stopped like a SIGTERM stops it:
 * {@link System#exit} runs Cassandra's shutdown hook, which drains it. If the drain takes longer than the grace
 * period, the JVM is halted: the commit log, which every acknowledged write reached, is replayed at the next start.
 *
 * <p>Only JDK classes, and no nested ones: {@link WatchdogJar} copies this one class file into a jar of its own
 * on Cassandra's classpath, which must not see Ebb's libraries.
 *
 * <p>Arguments: {@code <owner pid> <grace seconds> <main class> [its arguments…]}.
 */
public final class NodeWatchdog {

  static final String THREAD_PREFIX = "ebb-watchdog-";
  private static final long POLL_MILLIS = 1_000;
  private static final AtomicBoolean stopping = new AtomicBoolean();

  private NodeWatchdog() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 3) {
      System.err.println("usage: NodeWatchdog <owner pid> <grace seconds> <main class> [arguments...]");
      System.exit(64);
    }
    long owner = Long.parseLong(args[0]);
    long graceSeconds = Long.parseLong(args[1]);
    daemon("stdin", () -> awaitEndOfInput(System.in, graceSeconds));
    daemon("owner", () -> awaitOwnerGone(owner, graceSeconds));
    try {
      Class.forName(args[2])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 3, args.length));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void awaitEndOfInput(InputStream in, long graceSeconds) {
    var buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // The owner writes nothing; whatever arrives is ignored.
      }
      stop("its stdin was closed", graceSeconds);
    } catch (IOException e) {
      stop("its stdin failed (" + e.getMessage() + ")", graceSeconds);
    }
  }

  private static void awaitOwnerGone(long owner, long graceSeconds) {
    while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == owner) {
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
    stop("it is no longer this process's parent", graceSeconds);
  }

  private static void stop(String why, long graceSeconds) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    System.err.printf("[ebb watchdog] the process that started this node is gone (%s): stopping Cassandra, "
        + "halting after %d s%n", why, graceSeconds);
    daemon("halt", () -> {
      try {
        TimeUnit.SECONDS.sleep(graceSeconds);
      } catch (InterruptedException e) {
        // halt at once
      }
      System.err.println("[ebb watchdog] Cassandra did not stop within the grace period: halting");
      Runtime.getRuntime().halt(3);
    });
    System.exit(0); // blocks here while the shutdown hooks (Cassandra's drain) run
  }

  private static void daemon(String name, Runnable body) {
    var thread = new Thread(body, THREAD_PREFIX + name);
    thread.setDaemon(true);
    thread.start();
  }
}
