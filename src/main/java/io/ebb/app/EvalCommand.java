package io.ebb.app;

import com.typesafe.config.ConfigFactory;
import io.ebb.catalog.EmbeddingModels;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.model.ServingModel;
import io.ebb.replay.Grid;
import io.ebb.replay.ProgressListener;
import io.ebb.replay.Protocol;
import io.ebb.replay.RankingSweep;
import io.ebb.replay.RecencySweep;
import io.ebb.replay.Report;
import io.ebb.replay.StatedSweep;
import io.ebb.replay.TextSource;
import io.ebb.replay.TimeSweep;
import io.ebb.replay.TuneResult;
import io.ebb.replay.Tuner;
import io.ebb.model.CfParams;
import io.ebb.replay.data.CsvDatasetReader;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.GowallaReader;
import io.ebb.replay.data.MovieLensReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline evaluation straight from files, no service and no Cassandra: the same fold, item vectors and relevance
 * the service uses, the baselines beside it, a sweep of settings chosen on validation targets and reported on
 * test targets.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate and tune Ebb offline on a dataset (MovieLens, Gowalla or generic CSV), with baselines.")
public final class EvalCommand implements Callable<Integer> {

  /** Where the data comes from: exactly one of the two forms. */
  static final class Source {
    @Option(names = "--movielens", paramLabel = "DIR", description = "A MovieLens folder (movies.csv, ratings.csv,"
        + " tags.csv), e.g. ml-latest-small.")
    Path movieLens;

    @Option(names = "--gowalla", paramLabel = "DIR", description = "A folder of Gowalla check-ins, tab-separated"
        + " without header: gowalla_events.csv[.gz] (userId, time, lat, lon, venueId) and gowalla_venues.csv"
        + " (venueId, name, lat, lon).")
    Path gowalla;

    @ArgGroup(exclusive = false)
    Csv csv;
  }

  static final class Csv {
    @Option(names = "--items", required = true, paramLabel = "FILE",
        description = "Items CSV with a header: itemId,title[,description][,tags][,attr.<name>...] (tags"
            + " |-separated; attr.lat and attr.lon place an item).")
    Path items;

    @Option(names = "--events", required = true, paramLabel = "FILE",
        description = "Events CSV with a header: userId,itemId,timestamp[,type][,value][,context.<name>...]"
            + " (context.lat and context.lon: where the user was).")
    Path events;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
  Path report;

  @Option(names = "--plot", paramLabel = "FILE", description = "Write a PNG of NDCG@10 against half-life here.")
  Path plot;

  @Option(names = "--protocol", defaultValue = "loo", paramLabel = "loo|timesplit",
      description = "loo (leave-one-out, default) or timesplit (global time cuts).")
  String protocol;

  @Option(names = "--grid", defaultValue = "standard", paramLabel = "standard|small",
      description = "The sweep: standard (77 settings, the default) or small (12 settings).")
  String grid;

  @Option(names = "--model", defaultValue = EmbeddingModels.DEFAULT, paramLabel = "NAME",
      description = "Embedding model of the item texts (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--text-cache", paramLabel = "FILE|none",
      description = "Keep text vectors in this file (by model and text hash) so the next run skips the model;"
          + " default <data-dir>/cache/text-vectors.bin (ebb.data-dir, ./data), none to keep nothing.")
  String textCache;

  @Option(names = "--sweep-rows", defaultValue = "15", paramLabel = "N",
      description = "Sweep rows printed, best first (default ${DEFAULT-VALUE}).")
  int sweepRows;

  @Option(names = "--no-stated",
      description = "Try no stated-interest share on top of the best setting (by default mixes 0.1 and 0.25 are"
          + " tried, with the captures the built-in summariser would have made when sessions went idle).")
  boolean noStated;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Protocol p;
    List<ServingModel> candidates;
    try {
      p = Protocol.parse(protocol);
      candidates = switch (grid.strip().toLowerCase(Locale.ROOT)) {
        case "standard" -> Grid.standard(CfParams.defaults());
        case "small" -> Grid.small(CfParams.defaults());
        default -> throw new IllegalArgumentException("unknown grid '" + grid + "': use standard or small");
      };
    } catch (IllegalArgumentException e) {
      System.err.println("ebb eval: " + e.getMessage());
      return 2;
    }
    ProgressListener progress = ProgressListener.stderr();
    Dataset dataset;
    try {
      dataset = read();
    } catch (IOException e) {
      System.err.println("ebb eval: cannot read the dataset: " + e.getMessage());
      return 2;
    }
    progress.phase("read " + dataset.name() + ": " + dataset.items().size() + " items; " + dataset.report().summary());
    dataset.report().badRows().stream().limit(20).forEach(line -> System.err.println("[eval] bad row: " + line));
    if (dataset.report().badRows().size() > 20) {
      System.err.println("[eval] … and " + (dataset.report().badRows().size() - 20) + " more bad rows");
    }
    progress.phase("loading embedding model " + model);
    TextSource text = TextSource.embedder(ItemEmbedder.of(model), textCachePath());
    TuneResult result;
    try {
      result = Tuner.tune(dataset, p, text, candidates, noStated ? StatedSweep.OFF : StatedSweep.standard(),
          RankingSweep.standard(), TimeSweep.standard(), RecencySweep.from(ConfigFactory.load().getConfig("ebb")), progress);
    } catch (IllegalArgumentException e) {
      System.err.println("ebb eval: " + e.getMessage());
      return 1;
    }
    Report.emit(result, System.out, sweepRows, report, plot);
    System.out.printf(Locale.ROOT, "eval finished in %.1f s (reading %s and loading the model included)%n",
        (System.nanoTime() - start) / 1e9, dataset.name());
    return 0;
  }

  private Path textCachePath() {
    if (textCache != null) {
      return textCache.strip().equalsIgnoreCase("none") ? null : Path.of(textCache);
    }
    return Path.of(ConfigFactory.load().getString("ebb.data-dir"), "cache", "text-vectors.bin");
  }

  private Dataset read() throws IOException {
    if (source.movieLens != null) {
      if (!Files.isDirectory(source.movieLens)) {
        throw new IOException(source.movieLens + " is not a folder");
      }
      return MovieLensReader.read(source.movieLens);
    }
    if (source.gowalla != null) {
      if (!Files.isDirectory(source.gowalla)) {
        throw new IOException(source.gowalla + " is not a folder");
      }
      return GowallaReader.read(source.gowalla);
    }
    return CsvDatasetReader.read(source.csv.items, source.csv.events);
  }
}
