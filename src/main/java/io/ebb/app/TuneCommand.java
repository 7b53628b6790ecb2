package io.ebb.app;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.cassandra.ProgressListener;
import io.ebb.catalog.Item;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.catalog.ItemStore;
import io.ebb.catalog.StoredItem;
import io.ebb.replay.CaptureSimulation;
import io.ebb.replay.Grid;
import io.ebb.replay.Protocol;
import io.ebb.replay.Report;
import io.ebb.replay.Split;
import io.ebb.replay.StatedSweep;
import io.ebb.replay.TextSource;
import io.ebb.replay.TuneResult;
import io.ebb.replay.Tuner;
import io.ebb.replay.TimeSweep;
import io.ebb.replay.RecencySweep;
import io.ebb.replay.RankingSweep;
import io.ebb.model.CfParams;
import io.ebb.model.ItemSpace;
import io.ebb.model.ServingModel;
import io.ebb.replay.cf.CollaborativeVectors;
import io.ebb.replay.cf.CooccurrenceEmbedding;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.DatasetReport;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.journal.JournalReader;
import io.ebb.replay.journal.JournalReader.Journals;
import io.ebb.settings.SettingsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Re-tunes from the journal: reads every user's events back through Persistence Query, re-folds them under each
 * candidate setting with the same code the service runs, scores each on what users did next, and with
 * {@code --apply} makes the winner the active, versioned setting every node adopts.
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = "Replay the journals under candidate settings, report, and optionally apply the best.")
public final class TuneCommand implements Callable<Integer> {

  @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
  Path report;

  @Option(names = "--plot", paramLabel = "FILE", description = "Write a PNG of NDCG@10 against half-life here.")
  Path plot;

  @Option(names = "--apply", description = "Store the best setting (and its item vectors) as the active one.")
  boolean apply;

  @Option(names = "--grid", defaultValue = "standard", paramLabel = "standard|small")
  String grid;

  @Option(names = "--protocol", defaultValue = "loo", paramLabel = "loo|timesplit")
  String protocol;

  @Option(names = "--data-dir", description = "The service's data folder (default ./data): its Cassandra node.")
  Path dataDir;

  @Option(names = "--sweep-rows", defaultValue = "15", paramLabel = "N")
  int sweepRows;

  @Option(names = "--no-stated",
      description = "Try no stated-interest share on top of the best setting (by default mixes 0.1 and 0.25 are"
          + " tried with the recorded captures, or simulated ones when the journal has none).")
  boolean noStated;

  @Option(
      names = "--cassandra",
      paramLabel = "HOST:PORT,…",
      description = "Contact points of the cluster holding the journal (default: EBB_CASSANDRA_CONTACT_POINTS, else the data folder's node).")
  String contactPoints;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Config config = ConfigFactory.load();
    if (contactPoints != null) {
      config = config.withValue("ebb.cassandra.contact-points", ConfigValueFactory.fromAnyRef(contactPoints));
    }
    Path data = (dataDir != null ? dataDir : Path.of(config.getString("ebb.data-dir"))).toAbsolutePath();
    List<ServingModel> candidates =
        "small".equalsIgnoreCase(grid) ? Grid.small(CfParams.defaults()) : Grid.standard(CfParams.defaults());
    Protocol p = Protocol.parse(protocol);
    io.ebb.replay.ProgressListener progress = io.ebb.replay.ProgressListener.stderr();

    try (CassandraStore store = CassandraStore.openForTool(config.getConfig("ebb"), data, ProgressListener.stderr());
        CqlSession session = store.newSession()) {
      Config nodeConfig = EbbNode.nodeConfig(config, store);
      long readStart = System.nanoTime();
      Journals journals;
      try (JournalReader journal = new JournalReader(nodeConfig)) {
        journals = journal.readJournals();
      }
      List<Interaction> interactions = journals.interactions();
      double readSeconds = (System.nanoTime() - readStart) / 1e9;
      progress.phase(String.format(Locale.ROOT,
          "read %,d events and %,d captures of stated interests from the journal in %.1f s (%,.0f events/s)",
          interactions.size(), journals.captures().size(), readSeconds,
          interactions.size() / Math.max(readSeconds, 1e-9)));

      ObjectMapper json = json();
      ItemStore items = new ItemStore(session, json);
      String model = config.getString("ebb.embedding.model");
      List<DatasetItem> catalog = new ArrayList<>();
      Map<String, float[]> stored = new HashMap<>();
      items.forEach(s -> {
        catalog.add(datasetItem(s.item()));
        if (s.textVector() != null && modelMatches(s, model)) {
          stored.put(s.item().itemId(), s.textVector());
        }
      });
      progress.phase("read " + catalog.size() + " items from the catalog");
      TextSource text = storedOrEmbedded(stored, model);
      Dataset dataset = new Dataset(
          "journal", catalog, interactions, new DatasetReport(interactions.size(), 0, List.of()), journals.captures());
      StatedSweep stated = noStated
          ? StatedSweep.OFF
          : StatedSweep.standard(CaptureSimulation.from(config.getConfig("ebb")));
      TuneResult result = Tuner.tune(dataset, p, text, candidates, stated, RankingSweep.standard(),
          TimeSweep.standard(), RecencySweep.from(config.getConfig("ebb")), progress);

      Report.emit(result, System.out, sweepRows, report, plot);
      if (apply) {
        // The report is stored with the model, so that every node can show what chose the model it serves.
        String reportJson = json.writeValueAsString(Report.toJson(result));
        ServingModel applied =
            apply(result.best(), interactions, catalog, items, new SettingsStore(session), reportJson);
        System.out.printf(Locale.ROOT,
            "Applied as settings version %d: every node adopts it within its poll interval and rebuilds user state from the journals.%n",
            applied.version());
      }
    }
    System.out.printf(Locale.ROOT, "tune finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /**
   * Stores what serving {@code best} needs: the behaviour-learned vectors (learned again, now from every event,
   * since nothing is held out any more; an asymmetric pair stored as one vector, {@link ItemSpace#stored}), then the
   * model itself with its report, which nodes pick up.
   */
  private static ServingModel apply(
      ServingModel best, List<Interaction> all, List<DatasetItem> catalog, ItemStore items, SettingsStore settings,
      String reportJson) throws Exception {
    if (best.items().usesCf()) {
      // The events the tuner measured vectors learned from: the 5-core filtered ones (now with the held-out
      // targets, since nothing is held out any more). Learned from every event instead, the rare items' noise
      // cost a fifth of the served NDCG@10 on ml-latest-small.
      CollaborativeVectors cf = CooccurrenceEmbedding.learn(Split.coreFilter(all, Split.CORE), best.items().cf());
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (DatasetItem item : catalog) {
        float[] stored = ItemSpace.stored(
            cf.historySide(item.itemId()).orElse(null), cf.candidateSide(item.itemId()).orElse(null));
        writes.add(items.updateCfVector(item.itemId(), stored).toCompletableFuture());
        if (writes.size() >= ItemStore.MAX_IN_FLIGHT) {
          CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
          writes.clear();
        }
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }
    return settings.apply(
        best.applied(best.version(), Instant.now(), "tune: " + best.label()), Instant.now(), reportJson);
  }

  private static boolean modelMatches(StoredItem s, String model) {
    return s.embeddingModel() != null && s.embeddingModel().equalsIgnoreCase(model.strip());
  }

  /**
   * The catalog's stored text vectors; items without one (another model) are embedded here, and so are the topics
   * of simulated captures (only when the journal recorded none). The model is loaded only when needed.
   */
  private static TextSource storedOrEmbedded(Map<String, float[]> stored, String model) {
    return new TextSource() {
      private TextSource embedder;

      private TextSource embedder() {
        if (embedder == null) {
          embedder = TextSource.embedder(ItemEmbedder.of(model), null);
        }
        return embedder;
      }

      @Override
      public float[][] vectors(List<DatasetItem> list) throws IOException {
        List<DatasetItem> missing = list.stream().filter(i -> !stored.containsKey(i.itemId())).toList();
        Map<String, float[]> fresh = new HashMap<>();
        if (!missing.isEmpty()) {
          float[][] embedded = embedder().vectors(missing);
          for (int i = 0; i < missing.size(); i++) {
            fresh.put(missing.get(i).itemId(), embedded[i]);
          }
        }
        float[][] vectors = new float[list.size()][];
        for (int i = 0; i < list.size(); i++) {
          String id = list.get(i).itemId();
          vectors[i] = stored.containsKey(id) ? stored.get(id) : fresh.get(id);
        }
        return vectors;
      }

      @Override
      public float[][] texts(List<String> texts) throws IOException {
        return embedder().texts(texts);
      }
    };
  }

  private static ObjectMapper json() {
    return new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }

  /** A catalog item as replay reads it, attributes included: an item's place is what the place prior is tuned on. */
  static DatasetItem datasetItem(Item item) {
    return new DatasetItem(item.itemId(), item.title(), item.description(), item.tags(), item.attributes());
  }
}
