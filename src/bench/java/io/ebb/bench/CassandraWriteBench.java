package io.ebb.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.ebb.replay.Progress;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ebb bench cassandra}: the ceiling under the ingestion figures. Writes rows shaped like the journal's
 * ({@code messages}: the same columns, key and event size) straight through the driver, as fast as the node takes
 * them, with no HTTP, actors or serialization in the way, and reports rows per second and the CPU each row cost in
 * this process (the driver) and in the Cassandra node (found by its command line when it runs on this machine).
 *
 * <p>Three shapes, as the journal writes them: one row per statement (one event persisted), several rows of one
 * user in an unlogged batch (a {@code persistAll} of a user's batch), and several users' rows in one batch (which
 * the journal never does; shown because it is the usual first idea). Rows go to a scratch table, dropped at the end
 * unless {@code --keep}.
 */
@Command(
    name = "cassandra",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Journal-shaped writes straight through the driver: the ceiling under bench ingest.")
public final class CassandraWriteBench implements Callable<Integer> {

  private static final String TABLE = "bench_messages";

  /** How the rows of one statement are chosen. */
  enum Shape {
    /** One row per statement. */
    single,
    /** {@code --rows} rows of one user (one partition) in an unlogged batch. */
    user,
    /** {@code --rows} rows of as many random users in an unlogged batch. */
    users
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--shape",
      defaultValue = "single,user,users",
      split = ",",
      description = "Statement shapes to run, in order: ${COMPLETION-CANDIDATES} (${DEFAULT-VALUE}).")
  List<Shape> shapes;

  @Option(names = "--rows", defaultValue = "10", description = "Rows per batch statement (${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--in-flight", defaultValue = "64", description = "Statements in flight (${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--duration",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "Measured time per shape (${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Unmeasured time before each shape (${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--event-bytes",
      defaultValue = "140",
      description = "Bytes of the event column: a behaviour event with context is about 140 (${DEFAULT-VALUE}).")
  int eventBytes;

  @Option(names = "--users", defaultValue = "10000", description = "Distinct partitions (${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--keep", description = "Keep the scratch table (default: drop it at the end).")
  boolean keep;

  @Mixin JournalOptions journal;

  /** What one shape measured. */
  record Result(Shape shape, int rowsPerStatement, double rowsPerSecond, double clientCores, double nodeCores) {}

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || inFlight < 1 || users < 1 || eventBytes < 0 || duration.isNegative() || duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--rows, --in-flight, --users must be >= 1, --duration > 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (JournalTool tool = journal.open(); CqlSession session = tool.session()) {
      String keyspace = tool.nodeConfig().getString("pekko.persistence.cassandra.journal.keyspace");
      String table = keyspace + "." + TABLE;
      session.execute(ddl(createTable(table)));
      out.println("Cassandra node process: "
          + CassandraNodes.local().map(p -> "pid " + p.pid()).orElse("not on this machine (CPU unknown)"));
      PreparedStatement insert = session.prepare("INSERT INTO " + table + " (persistence_id, partition_nr, sequence_nr,"
          + " timestamp, timebucket, writer_uuid, ser_id, ser_manifest, event_manifest, event, tags)"
          + " VALUES (?, 0, ?, ?, ?, ?, ?, ?, '', ?, ?)");
      FigureTable figures = new FigureTable(
          "shape", "rows/statement", "rows/s", "driver cores", "driver µs/row", "node cores", "node µs/row");
      try {
        for (Shape shape : shapes) {
          Result r = run(session, insert, shape, out);
          figures.row(shape.name(), Integer.toString(r.rowsPerStatement()),
              String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond()),
              cores(r.clientCores()), perRow(r.clientCores(), r.rowsPerSecond()),
              cores(r.nodeCores()), perRow(r.nodeCores(), r.rowsPerSecond()));
        }
      } finally {
        if (!keep) {
          session.execute(ddl("DROP TABLE IF EXISTS " + table));
        }
      }
      out.println();
      out.printf(Locale.ROOT,
          "Journal-shaped writes, %d statements in flight, %d-byte events, %d users, %s measured per shape%n",
          inFlight, eventBytes, users, duration.toSeconds() + " s");
      figures.print(out);
      out.println("Note: the driver runs in this process on the same cores as the node; "
          + "a service adds its own work on top.");
    }
    return 0;
  }

  private Result run(CqlSession session, PreparedStatement insert, Shape shape, PrintWriter out)
      throws InterruptedException {
    int perStatement = shape == Shape.single ? 1 : rows;
    SplittableRandom random = new SplittableRandom(shape.ordinal());
    ByteBuffer event = ByteBuffer.wrap(new byte[eventBytes]);
    String writer = UUID.randomUUID().toString();
    AtomicLong written = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[] sequence = new long[users];
    Semaphore permits = new Semaphore(inFlight);
    Progress ticker = Progress.sampling(shape.name(), "rows", written::get, () -> "errors " + failed.get(), out);
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    long rowsAtStart = -1;
    CpuMeter.Reading cpuAtStart = null;
    try {
      for (long now = start; now < end; now = System.nanoTime()) {
        if (cpuAtStart == null && now >= measureFrom) {
          rowsAtStart = written.get();
          cpuAtStart = CpuMeter.read();
        }
        if (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
          continue;
        }
        Statement<?> statement = statement(insert, shape, perStatement, random, sequence, writer, event);
        session.executeAsync(statement).whenComplete((rs, error) -> {
          (error == null ? written : failed).addAndGet(perStatement);
          permits.release();
        });
      }
      long rowsAtEnd = written.get();
      CpuMeter.Reading cpuAtEnd = CpuMeter.read();
      permits.acquire(inFlight);
      permits.release(inFlight);
      double seconds = (cpuAtEnd.wallNanos() - cpuAtStart.wallNanos()) / 1e9;
      CpuMeter.Usage cpu = CpuMeter.between(cpuAtStart, cpuAtEnd);
      if (failed.get() > 0) {
        out.println(shape + ": " + failed.get() + " rows failed to write");
      }
      return new Result(shape, perStatement, (rowsAtEnd - rowsAtStart) / seconds,
          cpu.process() * CpuMeter.cores(), cpu.node() * CpuMeter.cores());
    } finally {
      ticker.close();
    }
  }

  private Statement<?> statement(PreparedStatement insert, Shape shape, int perStatement, SplittableRandom random,
      long[] sequence, String writer, ByteBuffer event) {
    int user = random.nextInt(users);
    if (shape == Shape.single) {
      return row(insert, user, ++sequence[user], writer, event);
    }
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    for (int i = 0; i < perStatement; i++) {
      int u = shape == Shape.user ? user : random.nextInt(users);
      batch.addStatement(row(insert, u, ++sequence[u], writer, event));
    }
    return batch.build();
  }

  private static BoundStatement row(
      PreparedStatement insert, int user, long sequenceNr, String writer, ByteBuffer event) {
    return insert.bind("UserInterest|bench-" + user, sequenceNr, Uuids.timeBased(), "20261128T00", writer, 33,
        "BehaviorRecorded", event.duplicate(), Set.<String>of());
  }

  /** Schema changes wait for the node's agreement: longer than a write's timeout on a busy machine. */
  private static SimpleStatement ddl(String cql) {
    return SimpleStatement.newInstance(cql).setTimeout(Duration.ofMinutes(1));
  }

  private static String createTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (persistence_id text, partition_nr bigint, sequence_nr bigint,"
        + " timestamp timeuuid, timebucket text, writer_uuid text, ser_id int, ser_manifest text,"
        + " event_manifest text, event blob, meta_ser_id int, meta_ser_manifest text, meta blob, tags set<text>,"
        + " PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp))";
  }

  private static String cores(double cores) {
    return Double.isNaN(cores) ? "?" : String.format(Locale.ROOT, "%.2f", cores);
  }

  private static String perRow(double cores, double rowsPerSecond) {
    return Double.isNaN(cores) || rowsPerSecond <= 0
        ? "?"
        : String.format(Locale.ROOT, "%.0f", cores * 1e6 / rowsPerSecond);
  }
}
