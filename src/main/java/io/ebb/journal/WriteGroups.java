package io.ebb.journal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * Coalesces writes submitted from many threads into groups, with at most {@code maxInFlight} groups written at
 * once. A write that arrives while fewer are in flight leaves at once, alone or with whatever waits: an idle
 * node adds no delay. Under load the writes that arrive while the groups are in flight wait for the next free
 * slot and leave together, so the group size follows the load and the wait is bounded by one group's write. A
 * group holds at most {@code maxRows} writes and {@code maxBytes} of them (a larger single write leaves alone).
 *
 * <p>Each write's future completes with its group's outcome: success only once the whole group is written, and a
 * failure of the group fails every write in it, which the journal then treats as its own failed write.
 *
 * @param <S> what is written (a bound statement)
 * @param <R> the writer's answer
 */
final class WriteGroups<S, R> {

  /** Writes one group; one write alone may be written as it is rather than as a group of one. */
  @FunctionalInterface
  interface Writer<S, R> {
    CompletionStage<R> write(List<S> group);
  }

  private record Waiting<S, R>(S write, int bytes, CompletableFuture<R> answer) {}

  private final WriteGroupSettings settings;
  private final ToIntFunction<S> bytes;
  private final Writer<S, R> writer;
  private final ArrayDeque<Waiting<S, R>> waiting = new ArrayDeque<>();
  private int inFlight;
  private final LongAdder groupsWritten = new LongAdder();
  private final LongAdder rowsWritten = new LongAdder();

  WriteGroups(WriteGroupSettings settings, ToIntFunction<S> bytes, Writer<S, R> writer) {
    this.settings = settings;
    this.bytes = bytes;
    this.writer = writer;
  }

  /** Queues {@code write}; the answer completes when the group that takes it has been written. */
  CompletionStage<R> submit(S write) {
    Waiting<S, R> w = new Waiting<>(write, bytes.applyAsInt(write), new CompletableFuture<>());
    List<Waiting<S, R>> group = null;
    synchronized (this) {
      waiting.add(w);
      if (inFlight < settings.maxInFlight()) {
        group = takeGroup();
      }
    }
    if (group != null) {
      send(group);
    }
    return w.answer();
  }

  /** Groups sent so far. */
  long groups() {
    return groupsWritten.sum();
  }

  /** Writes sent so far, in all groups. */
  long rows() {
    return rowsWritten.sum();
  }

  /** Writes waiting for a free slot now. */
  synchronized int waiting() {
    return waiting.size();
  }

  /** The next group from the head of the queue, counted in flight. Called holding the lock, queue not empty. */
  private List<Waiting<S, R>> takeGroup() {
    inFlight++;
    List<Waiting<S, R>> group = new ArrayList<>(Math.min(waiting.size(), settings.maxRows()));
    long groupBytes = 0;
    while (!waiting.isEmpty() && group.size() < settings.maxRows()) {
      Waiting<S, R> next = waiting.peek();
      if (!group.isEmpty() && groupBytes + next.bytes() > settings.maxBytes()) {
        break;
      }
      group.add(waiting.poll());
      groupBytes += next.bytes();
    }
    return group;
  }

  private void send(List<Waiting<S, R>> group) {
    groupsWritten.increment();
    rowsWritten.add(group.size());
    List<S> writes = new ArrayList<>(group.size());
    for (Waiting<S, R> w : group) {
      writes.add(w.write());
    }
    CompletionStage<R> written;
    try {
      written = writer.write(writes);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((answer, failure) -> {
      List<Waiting<S, R>> next;
      synchronized (this) {
        inFlight--;
        next = waiting.isEmpty() ? null : takeGroup();
      }
      if (next != null) {
        send(next);
      }
      for (Waiting<S, R> w : group) {
        if (failure == null) {
          w.answer().complete(answer);
        } else {
          w.answer().completeExceptionally(failure);
        }
      }
    });
  }
}
