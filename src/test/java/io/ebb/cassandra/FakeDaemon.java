package io.ebb.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for Cassandra's main class in a child JVM: it writes {@code started} to a marker file, runs until it is
 * stopped (a non-daemon thread, as Cassandra's), and its shutdown hook — Cassandra drains in one — writes
 * {@code drained}, or hangs for good in mode {@code hang}. Arguments: {@code <marker> <mode> [ignored…]}.
 */
public final class FakeDaemon {

  private FakeDaemon() {}

  public static void main(String[] args) {
    Path marker = Path.of(args[0]);
    boolean hang = args.length > 1 && args[1].equals("hang");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (hang) {
        awaitForever();
      }
      append(marker, "drained");
    }));
    Thread running = new Thread(FakeDaemon::awaitForever, "fake-daemon");
    running.start();
    append(marker, "started");
  }

  static void append(Path marker, String line) {
    try {
      Files.writeString(marker, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
