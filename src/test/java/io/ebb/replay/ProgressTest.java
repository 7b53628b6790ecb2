package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the progress output looks like; each look is taken by hand ({@code tick}), the timer never fires here. */
class ProgressTest {

  private static final Duration NEVER = Duration.ofDays(1);

  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);

  @Test
  void inALogEachLookIsAFullLineWithCountTotalRateAndTimeLeft() {
    Progress progress = new Progress("events", "events", 2_000, null, () -> "", out, false, NEVER);
    progress.advance(500);
    progress.tick();
    progress.advance(1_500);

    double rate = progress.finish();

    String[] lines = text.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).matches("\\[events] +\\d+ s +500/2,000 events \\(25\\.0%\\) +[\\d,]+ events/s  ~\\d+ s left");
    assertThat(lines[1]).matches("\\[events] done: 2,000 events in \\d+\\.\\d s, [\\d,]+ events/s");
    assertThat(text.toString()).doesNotContain("\r");
    assertThat(rate).isPositive();
  }

  @Test
  void aBenchmarkSamplesItsOwnCounterAndAddsItsFigures() {
    AtomicLong written = new AtomicLong(1_234);
    Progress progress = new Progress("single", "rows", -1, written::get, () -> "errors 0", out, false, NEVER);
    progress.tick();
    written.set(5_000);
    progress.tick();
    progress.close();
    progress.tick(); // closed: nothing more

    String[] lines = text.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).matches("\\[single] +\\d+ s +1,234 rows +[\\d,]+ rows/s  errors 0");
    assertThat(lines[1]).contains(" 5,000 rows ");
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    Progress progress = new Progress("items", "items", 10, null, () -> "", out, true, NEVER);
    progress.advance(5);
    progress.tick();
    progress.advance(5);
    progress.finish();

    assertThat(text.toString())
        .startsWith("\r[items] ###############--------------- 5/10 items (50.0%)")
        .contains("\r[items] ############################## 10/10 items (100.0%)")
        .endsWith(" s\n")
        .containsOnlyOnce("\n");
  }
}
