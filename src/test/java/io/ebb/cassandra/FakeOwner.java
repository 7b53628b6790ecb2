package io.ebb.cassandra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for the service in a JVM of its own: launches a {@link FakeDaemon} under {@link NodeWatchdog} as
 * {@link EmbeddedCassandra} launches Cassandra (stdin held open, never written), prints the child's pid and waits
 * to be killed. Only JDK classes, so the test-classes folder alone is its classpath. Arguments:
 * {@code <java> <child classpath> <marker> <grace seconds>}.
 */
public final class FakeOwner {

  private FakeOwner() {}

  public static void main(String[] args) throws Exception {
    Process child = new ProcessBuilder(args[0], "-cp", args[1], "io.ebb.cassandra.NodeWatchdog",
        String.valueOf(ProcessHandle.current().pid()), args[3], FakeDaemon.class.getName(), args[2], "normal")
        .redirectErrorStream(true)
        .redirectOutput(Path.of(args[2] + ".out").toFile())
        .start();
    System.out.println(child.pid());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
