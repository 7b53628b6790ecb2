package io.ebb.bench;

import io.ebb.replay.Progress;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ebb bench ingest}: behaviour events into a running service, as fast as a window of requests in flight
 * allows or at a fixed rate, over single POSTs, batch POSTs or the ingestion WebSocket. Makes sure the service
 * has the bench items first, then reports accepted events/s, acknowledgement latency and errors by kind.
 *
 * <p>The events stay in the service: run it against a scratch data folder, not a service whose journal matters.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Send behaviour events to a running service; report accepted events/s, ack latency and errors.",
      "The events (users bench-u-*, items bench-i-*) stay in the service: use a scratch data folder."
    })
public final class IngestBench implements Callable<Integer> {

  /** How events travel; named on the command line in lower case. */
  enum Mode {
    HTTP,
    BATCH,
    WS;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reads {@code http}, {@code batch} or {@code ws}, in any case. */
  static final class ModeConverter implements ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      try {
        return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a mode: use http, batch or ws");
      }
    }
  }

  @Spec CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The service (${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--mode",
      defaultValue = "http",
      converter = ModeConverter.class,
      description = "http (POST /v1/events), batch (POST /v1/events/batch) or ws (/ws/v1/events); ${DEFAULT-VALUE}.")
  Mode mode;

  @Option(
      names = "--concurrency",
      defaultValue = "16",
      description = "Requests in flight (http, batch) or WebSockets (ws); ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Fixed rate in events/s; 0 (default) sends as fast as --concurrency allows.")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Measured time, after the warm-up (${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time sent before measuring (${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--users", defaultValue = "10000", description = "Distinct users (${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--items",
      defaultValue = "10000",
      description = "Distinct items, upserted first if the service lacks them (${DEFAULT-VALUE}).")
  int items;

  @Option(
      names = "--batch-size",
      defaultValue = "100",
      description = "Events per request in batch mode (${DEFAULT-VALUE}; at most 1000).")
  int batchSize;

  @Option(
      names = "--ws-window",
      defaultValue = "32",
      description = "Unanswered frames per WebSocket in ws mode (${DEFAULT-VALUE}).")
  int wsWindow;

  @Option(
      names = "--user-skew",
      defaultValue = "0.6",
      description = "Zipf exponent of user activity, 0 = uniform (${DEFAULT-VALUE}).")
  double userSkew;

  @Option(
      names = "--item-skew",
      defaultValue = "1.0",
      description = "Zipf exponent of item popularity (${DEFAULT-VALUE}).")
  double itemSkew;

  @Option(
      names = "--user-prefix",
      defaultValue = "bench-u-",
      description = "User ids are this plus 0..users-1 (${DEFAULT-VALUE}).")
  String userPrefix;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Connection idle timeout, and how long the last answers are awaited (${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--seed", description = "Seed of the random users, items and types (default: random).")
  Long seed;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    try {
      new BenchCatalog(url, err).ensure(items);
      run(err);
      return 0;
    } catch (ConnectException e) {
      err.println("[ingest] cannot reach " + url + ": " + e);
      return 1;
    }
  }

  private void run(PrintWriter err) throws Exception {
    String runId = "bench-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    Zipf userDraw = new Zipf(users, userSkew);
    Zipf itemDraw = new Zipf(items, itemSkew);
    EventBodies bodies =
        new EventBodies(runId, userIds(), BenchCatalog.itemIds(items), userDraw, itemDraw,
            seed != null ? seed : ThreadLocalRandom.current().nextLong());
    LoadLoop.Plan plan = new LoadLoop.Plan(warmup, duration, rate, mode == Mode.BATCH ? batchSize : 1, timeout);
    Semaphore permits = new Semaphore(0);
    IngestStats stats = new IngestStats(permits::release);
    try (EventSender sender = sender(bodies, stats)) {
      permits.release(sender.capacity());
      LoadLoop loop = new LoadLoop(sender, bodies, stats, permits, plan);
      IngestReport report =
          new IngestReport(mode.toString(), runId, url, sender.describe(), load(sender), batchSize, rate > 0);
      err.printf(Locale.ROOT, "[ingest] run %s: %s, %s%n", runId, sender.describe(), load(sender));
      err.flush();
      CompletableFuture<CpuMeter.Reading> cpuFrom = readCpuAfter(warmup);
      CompletableFuture<CpuMeter.Reading> cpuTo = readCpuAfter(warmup.plus(duration));
      Progress ticker =
          Progress.sampling("ingest", "events", stats::acceptedTotal, () -> String.format(Locale.ROOT,
              "%-9s in flight %,d  errors %,d", loop.phase(), loop.inFlight(), stats.failedRequests()), err);
      LoadLoop.Result result;
      try {
        result = loop.run();
      } finally {
        ticker.close();
      }
      CpuMeter.Usage cpu = CpuMeter.between(cpuFrom.join(), cpuTo.getNow(CpuMeter.read(url)));
      report.print(spec.commandLine().getOut(), stats, result, warmup, cpu, userDraw, itemDraw);
    }
  }

  private EventSender sender(EventBodies bodies, IngestStats stats) throws Exception {
    return switch (mode) {
      case HTTP -> HttpEventSender.start(url, false, concurrency, timeout, stats);
      case BATCH -> HttpEventSender.start(url, true, concurrency, timeout, stats);
      case WS -> new WsEventSender(url, concurrency, wsWindow, timeout, bodies, stats);
    };
  }

  private String load(EventSender sender) {
    if (rate > 0) {
      return String.format(Locale.ROOT, "fixed rate %,.0f events/s (%,.1f requests/s), at most %,d requests in flight",
          rate, rate / (mode == Mode.BATCH ? batchSize : 1), sender.capacity());
    }
    return String.format(Locale.ROOT, "saturation: %,d requests kept in flight", sender.capacity());
  }

  private CompletableFuture<CpuMeter.Reading> readCpuAfter(Duration delay) {
    return CompletableFuture.supplyAsync(
        () -> CpuMeter.read(url), CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
  }

  private String[] userIds() {
    String[] ids = new String[users];
    for (int i = 0; i < users; i++) {
      ids[i] = userPrefix + i;
    }
    return ids;
  }

  private void validate() {
    String problem = null;
    if (users < 1 || items < 1) {
      problem = "--users and --items must be at least 1";
    } else if (concurrency < 1 || wsWindow < 1) {
      problem = "--concurrency and --ws-window must be at least 1";
    } else if (batchSize < 1 || batchSize > 1000) {
      problem = "--batch-size must be 1..1000 (the service takes at most 1,000 events per batch)";
    } else if (rate < 0) {
      problem = "--rate must be >= 0 (0: as fast as --concurrency allows)";
    } else if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      problem = "--duration must be positive and --warmup not negative";
    } else if (!userPrefix.matches("[A-Za-z0-9._:@-]{1,100}")) {
      problem = "--user-prefix may hold only A-Z a-z 0-9 . _ : @ - (at most 100 characters)";
    } else if (url.getHost() == null) {
      problem = "--url needs a host, e.g. http://127.0.0.1:8080";
    }
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
  }
}
