package io.ebb.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.app.InterestConfig;
import io.ebb.catalog.ItemStore;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.journal.JournalReader;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ebb bench replay}: how fast every journal reads back through Persistence Query ({@link JournalReader},
 * what {@code ebb tune} reads with), and how fast the service's own fold ({@link InterestState#apply}) turns those
 * events into interest states under the configured setting, with the catalog's stored item vectors (an event
 * whose item has none folds its tags only, as in the service). The two are timed apart, so the table shows which
 * one bounds a re-tuning run.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Read every journal back through Persistence Query and fold it: events/s read, and read + fold.")
public final class ReplayBench implements Callable<Integer> {

  /** What the fold needs of an item. */
  private record ItemFeatures(float[] vector, List<String> tags) {}

  @Spec CommandSpec spec;

  @Mixin JournalOptions journal;

  @Override
  @SuppressWarnings("try") // JournalReader.close() declares Exception
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (JournalTool tool = journal.open()) {
      List<Interaction> events;
      double readSeconds;
      try (JournalReader journal = new JournalReader(tool.localSystemConfig())) {
        long start = System.nanoTime();
        events = journal.readAll();
        readSeconds = (System.nanoTime() - start) / 1e9;
      }
      err.printf(Locale.ROOT, "[replay] read %,d events in %.1f s%n", events.size(), readSeconds);
      Map<String, ItemFeatures> catalog = readCatalog(tool);
      err.printf(Locale.ROOT, "[replay] read %,d items from the catalog%n", catalog.size());
      err.flush();
      InterestSettings settings = InterestConfig.fromConfig(tool.ebb());
      Fold fold = fold(events, catalog, settings);
      report(out, events.size(), fold.users(), readSeconds, fold, catalog);
    }
    return 0;
  }

  /**
   * @param users distinct users (persistence ids with at least one behaviour event)
   * @param withVector events whose item had a vector
   * @param checksum keeps the states alive, so the JIT cannot drop the fold
   */
  private record Fold(int users, long withVector, double seconds, double checksum) {}

  /** Folds each user's events in journal order, as the entity does on recovery, with a fresh state per user. */
  private static Fold fold(List<Interaction> events, Map<String, ItemFeatures> catalog, InterestSettings settings) {
    long start = System.nanoTime();
    int users = 0;
    long withVector = 0;
    double checksum = 0;
    String user = null;
    InterestState state = null;
    for (Interaction e : events) {
      if (!e.userId().equals(user)) {
        checksum += state == null ? 0 : state.tagWeights().size();
        user = e.userId();
        state = InterestState.empty(settings);
        users++;
      }
      ItemFeatures item = catalog.get(e.itemId());
      float[] vector = item == null ? null : item.vector();
      if (vector != null) {
        withVector++;
      }
      state = state.apply(
          settings, Instant.ofEpochMilli(e.epochMilli()), settings.weights().weightOf(e.type(), e.value()),
          vector, item == null ? List.of() : item.tags());
    }
    checksum += state == null ? 0 : state.tagWeights().size();
    return new Fold(users, withVector, (System.nanoTime() - start) / 1e9, checksum);
  }

  private static Map<String, ItemFeatures> readCatalog(JournalTool tool) {
    Map<String, ItemFeatures> items = new HashMap<>();
    try (CqlSession session = tool.session()) {
      new ItemStore(session, new ObjectMapper()).forEach(s -> {
        float[] v = s.textVector() != null && s.textVector().length > 0 ? s.textVector() : null;
        items.put(s.item().itemId(), new ItemFeatures(v, s.item().tags() == null ? List.of() : s.item().tags()));
      });
    }
    return items;
  }

  private static void report(
      PrintWriter out, long events, int users, double readSeconds, Fold fold, Map<String, ItemFeatures> catalog) {
    int dimension = catalog.values().stream()
        .filter(i -> i.vector() != null)
        .mapToInt(i -> i.vector().length)
        .findFirst()
        .orElse(0);
    FigureTable table = FigureTable.figures()
        .row("events read", String.format(Locale.ROOT, "%,d", events))
        .row("persistence ids (users with events)", String.format(Locale.ROOT, "%,d", users))
        .row("journal read (Persistence Query)", String.format(Locale.ROOT, "%.3f s", readSeconds))
        .row("read-only events/s", rate(events, readSeconds))
        .row("fold (InterestState.apply)", String.format(Locale.ROOT, "%.3f s", fold.seconds()))
        .row("fold-only events/s", rate(events, fold.seconds()))
        .row("read + fold events/s", rate(events, readSeconds + fold.seconds()))
        .row("events whose item has a vector", dimension == 0
            ? String.format(Locale.ROOT, "%,d (the catalog has no item vectors: tags only)", fold.withVector())
            : String.format(Locale.ROOT, "%,d (%d-d)", fold.withVector(), dimension));
    out.println();
    out.println("Journal replay: every user's events through Persistence Query, then the interest fold");
    table.print(out);
    out.flush();
  }

  private static String rate(long events, double seconds) {
    return seconds <= 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", events / seconds);
  }
}
