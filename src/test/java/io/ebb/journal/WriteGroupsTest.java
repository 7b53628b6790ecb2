package io.ebb.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteGroupsTest {

  /** A writer whose groups stay in flight until the test completes them. */
  private static final class HeldWriter implements WriteGroups.Writer<String, String> {
    final List<List<String>> groups = new ArrayList<>();
    final List<CompletableFuture<String>> answers = new ArrayList<>();

    @Override
    public synchronized CompletionStage<String> write(List<String> group) {
      groups.add(List.copyOf(group));
      CompletableFuture<String> answer = new CompletableFuture<>();
      answers.add(answer);
      return answer;
    }

    void complete(int group) {
      answers.get(group).complete("written " + groups.get(group));
    }

    void fail(int group, RuntimeException e) {
      answers.get(group).completeExceptionally(e);
    }
  }

  private static WriteGroups<String, String> groups(int inFlight, int rows, int bytes, HeldWriter writer) {
    return new WriteGroups<>(new WriteGroupSettings(WriteGroupSettings.Mode.ON, inFlight, rows, bytes), String::length, writer);
  }

  @Test
  void aWriteThatFindsAFreeSlotLeavesAtOnceAlone() {
    HeldWriter writer = new HeldWriter();
    WriteGroups<String, String> groups = groups(2, 10, 1_000, writer);

    CompletionStage<String> a = groups.submit("a");
    CompletionStage<String> b = groups.submit("b");

    assertThat(writer.groups).containsExactly(List.of("a"), List.of("b"));
    assertThat(a.toCompletableFuture()).isNotDone();
    writer.complete(0);
    assertThat(a.toCompletableFuture().join()).isEqualTo("written [a]");
    assertThat(b.toCompletableFuture()).isNotDone();
  }

  @Test
  void writesThatArriveWhileAllSlotsAreBusyLeaveTogetherWithTheNextFreeSlot() {
    HeldWriter writer = new HeldWriter();
    WriteGroups<String, String> groups = groups(1, 3, 1_000, writer);

    groups.submit("a");
    List<CompletionStage<String>> waiting = new ArrayList<>();
    for (String w : List.of("b", "c", "d", "e")) {
      waiting.add(groups.submit(w));
    }
    assertThat(writer.groups).containsExactly(List.of("a"));
    assertThat(groups.waiting()).isEqualTo(4);

    writer.complete(0);
    assertThat(writer.groups).containsExactly(List.of("a"), List.of("b", "c", "d"));
    assertThat(waiting.get(0).toCompletableFuture()).isNotDone();

    writer.complete(1);
    assertThat(writer.groups).last().isEqualTo(List.of("e"));
    assertThat(waiting.get(2).toCompletableFuture().join()).isEqualTo("written [b, c, d]");
    writer.complete(2);
    assertThat(groups.waiting()).isZero();
    assertThat(groups.groups()).isEqualTo(3);
    assertThat(groups.rows()).isEqualTo(5);
  }

  @Test
  void aGroupStopsBeforeItsBytesWouldPassTheBoundAndAnOversizeWriteLeavesAlone() {
    HeldWriter writer = new HeldWriter();
    WriteGroups<String, String> groups = groups(1, 100, 10, writer);

    groups.submit("x");
    groups.submit("aaaa");
    groups.submit("bbbb");
    groups.submit("cccc");
    groups.submit("an oversize write");
    groups.submit("d");

    writer.complete(0);
    assertThat(writer.groups).last().isEqualTo(List.of("aaaa", "bbbb"));
    writer.complete(1);
    assertThat(writer.groups).last().isEqualTo(List.of("cccc"));
    writer.complete(2);
    assertThat(writer.groups).last().isEqualTo(List.of("an oversize write"));
    writer.complete(3);
    assertThat(writer.groups).last().isEqualTo(List.of("d"));
  }

  @Test
  void aFailedGroupFailsEachOfItsWritesAndTheNextGroupStillLeaves() {
    HeldWriter writer = new HeldWriter();
    WriteGroups<String, String> groups = groups(1, 10, 1_000, writer);

    CompletionStage<String> first = groups.submit("a");
    CompletionStage<String> b = groups.submit("b");
    CompletionStage<String> c = groups.submit("c");
    writer.complete(0);
    CompletionStage<String> d = groups.submit("d");

    writer.fail(1, new IllegalStateException("write timeout"));

    assertThat(first.toCompletableFuture().join()).isEqualTo("written [a]");
    for (CompletionStage<String> failed : List.of(b, c)) {
      assertThat(failed.toCompletableFuture())
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .withMessageContaining("write timeout");
    }
    assertThat(writer.groups).last().isEqualTo(List.of("d"));
    writer.complete(2);
    assertThat(d.toCompletableFuture().join()).isEqualTo("written [d]");
  }

  @Test
  void aWriterThatThrowsFailsTheGroupAndFreesItsSlot() {
    List<List<String>> seen = new ArrayList<>();
    WriteGroups<String, String> groups = new WriteGroups<>(
        new WriteGroupSettings(WriteGroupSettings.Mode.ON, 1, 10, 1_000), String::length, group -> {
          seen.add(group);
          if (group.contains("bad")) {
            throw new IllegalArgumentException("cannot bind");
          }
          return CompletableFuture.completedFuture("ok");
        });

    CompletionStage<String> bad = groups.submit("bad");
    CompletionStage<String> good = groups.submit("good");

    assertThat(bad.toCompletableFuture()).isCompletedExceptionally();
    assertThat(good.toCompletableFuture().join()).isEqualTo("ok");
    assertThat(seen).containsExactly(List.of("bad"), List.of("good"));
  }

  @Test
  void manyThreadsSubmittingAtOnceLoseNoWriteAndNeverPassTheBounds() throws Exception {
    List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
    ExecutorService cassandra = Executors.newFixedThreadPool(4);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    WriteGroups<String, String> groups = new WriteGroups<>(
        new WriteGroupSettings(WriteGroupSettings.Mode.ON, 3, 7, 1_000), String::length, group -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          seen.add(List.copyOf(group));
          return CompletableFuture.supplyAsync(() -> {
            inFlight.decrementAndGet();
            return "ok";
          }, cassandra);
        });
    List<CompletableFuture<String>> answers = Collections.synchronizedList(new ArrayList<>());
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String prefix = "w" + t + "-";
      Thread producer = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          answers.add(groups.submit(prefix + i).toCompletableFuture());
        }
      });
      producer.start();
      producers.add(producer);
    }
    for (Thread producer : producers) {
      producer.join();
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    cassandra.shutdown();

    assertThat(seen.stream().flatMap(List::stream).distinct().count()).isEqualTo(4_000);
    assertThat(seen.stream().mapToInt(List::size).sum()).isEqualTo(4_000);
    assertThat(seen).allSatisfy(g -> assertThat(g).hasSizeBetween(1, 7));
    assertThat(mostInFlight.get()).isLessThanOrEqualTo(3);
    assertThat(groups.rows()).isEqualTo(4_000);
  }
}
