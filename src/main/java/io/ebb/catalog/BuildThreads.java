package io.ebb.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for graph builds. A build runs on threads of its own, started for it and stopped after it, so that it
 * never occupies a pool that serves requests (the embedding executor, Pekko's dispatchers); they are daemons, so
 * an unfinished build never keeps the JVM alive.
 */
final class BuildThreads {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private BuildThreads() {}

  /** Runs {@code worker} on {@code threads} threads at once and waits for all of them; rethrows what one threw. */
  static void runParallel(int threads, Runnable worker) {
    if (threads <= 1) {
      worker.run();
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("ebb-index-build-worker"));
    try {
      List<Future<?>> running = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        running.add(pool.submit(worker));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the vector index", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Starts {@code task} on a new daemon thread named {@code name-N}. */
  static Thread start(String name, Runnable task) {
    Thread thread = daemon(name).newThread(task);
    thread.start();
    return thread;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name + "-" + COUNTER.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
