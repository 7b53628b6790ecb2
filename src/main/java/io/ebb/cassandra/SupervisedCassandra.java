package io.ebb.cassandra;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EmbeddedCassandra} node that is started again, on the same folder and ports, whenever it dies under a
 * running service: killed, crashed, out of memory. Clients of the node (the Pekko journal's driver session) keep
 * their contact point and reconnect by themselves once it answers again; until then journal writes fail, requests
 * are answered 503 and the service reports not ready.
 *
 * <p>Restarts back off: 1 s after a node that ran for a while, then doubling up to {@link #MAX_BACKOFF} while
 * starts fail or nodes die young, so a node that cannot run (a full disk, a broken folder) does not spin. Only the
 * first start is synchronous; its failure is the caller's to report.
 */
public final class SupervisedCassandra implements AutoCloseable {

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** A node that ran at least this long before it died restarts after the first backoff again. */
  static final Duration STABLE_AFTER = Duration.ofSeconds(60);

  private final CassandraNodeConfig config;
  private final List<Path> jars;
  private final ProgressListener progress;
  private final ScheduledExecutorService restarter;
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile EmbeddedCassandra current;
  private volatile long currentSince;
  private volatile boolean closed;

  private SupervisedCassandra(CassandraNodeConfig config, List<Path> jars, ProgressListener progress) {
    this.config = config;
    this.jars = List.copyOf(jars);
    this.progress = progress;
    this.restarter = Executors.newSingleThreadScheduledExecutor(runnable -> {
      var thread = new Thread(runnable, "ebb-cassandra-supervisor");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the node as {@link EmbeddedCassandra#start} does, and keeps it running until {@link #close}. */
  public static SupervisedCassandra start(CassandraNodeConfig config, List<Path> jars, ProgressListener progress) {
    var supervised = new SupervisedCassandra(config, jars, progress);
    try {
      supervised.adopt(EmbeddedCassandra.start(config, jars, progress), 0);
    } catch (RuntimeException | Error e) {
      supervised.restarter.shutdownNow();
      throw e;
    }
    return supervised;
  }

  public InetSocketAddress cqlAddress() {
    return new InetSocketAddress(config.host(), config.cqlPort());
  }

  public CassandraNodeConfig config() {
    return config;
  }

  /** Whether a node process runs now (it may still be starting after a restart). */
  public boolean isRunning() {
    EmbeddedCassandra node = current;
    return node != null && node.isRunning();
  }

  /** The running node's pid, or -1 between a death and the next start. */
  public long pid() {
    EmbeddedCassandra node = current;
    return node != null && node.isRunning() ? node.pid() : -1;
  }

  /** How many times the node was started again after it died. */
  public int restarts() {
    return restarts.get();
  }

  private void adopt(EmbeddedCassandra node, int failures) {
    current = node;
    currentSince = System.nanoTime();
    node.onExit().thenAccept(exited -> onExit(exited, failures));
  }

  private void onExit(EmbeddedCassandra node, int failuresBefore) {
    if (closed || node.wasStopped()) {
      return;
    }
    boolean stable = System.nanoTime() - currentSince >= STABLE_AFTER.toNanos();
    int failures = stable ? 0 : failuresBefore + 1;
    Duration delay = backoff(failures);
    progress.message("Cassandra (pid %d) died (exit code %s): starting it again in %d s".formatted(node.pid(),
        node.exitCode().isPresent() ? String.valueOf(node.exitCode().getAsInt()) : "unknown", delay.toSeconds()));
    current = null;
    schedule(failures, delay);
  }

  private void schedule(int failures, Duration delay) {
    try {
      restarter.schedule(() -> restart(failures), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void restart(int failures) {
    if (closed) {
      return;
    }
    EmbeddedCassandra node;
    try {
      node = EmbeddedCassandra.start(config, jars, progress);
    } catch (RuntimeException e) { // whatever failed, a later attempt may succeed: never stop trying
      if (!closed) {
        Duration delay = backoff(failures + 1);
        progress.message("Cassandra did not start again (%s): next attempt in %d s".formatted(e.getMessage(),
            delay.toSeconds()));
        schedule(failures + 1, delay);
      }
      return;
    }
    synchronized (this) {
      if (closed) {
        node.close();
        return;
      }
      restarts.incrementAndGet();
      adopt(node, failures);
    }
  }

  /** 1 s, 2 s, 4 s … up to 30 s; {@code failures} counts the deaths and failed starts since a stable run. */
  static Duration backoff(int failures) {
    int doublings = Math.max(0, Math.min(failures - 1, 16));
    Duration delay = FIRST_BACKOFF.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  /** Stops restarting, interrupts a start under way (its node is killed) and stops the running node. */
  @Override
  public void close() {
    EmbeddedCassandra node;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      node = current;
    }
    restarter.shutdownNow();
    try {
      restarter.awaitTermination(EmbeddedCassandra.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (node != null) {
      node.close();
    }
  }
}
