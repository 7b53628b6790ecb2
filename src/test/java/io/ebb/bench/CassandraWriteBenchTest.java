package io.ebb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.testing.TestCassandra;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench cassandra} against the real test node, with tiny durations: every shape writes, and cleans up. */
class CassandraWriteBenchTest {

  @Test
  void everyShapeWritesRowsAndTheScratchTableIsDropped() {
    BenchOutput run = BenchOutput.run(
        "cassandra", "--cassandra", TestCassandra.get().contactPoint(), "--duration", "1s", "--warmup", "0s",
        "--rows", "5", "--in-flight", "8", "--users", "50");

    for (String shape : new String[] {"single", "user", "users"}) {
      Matcher m = Pattern.compile("^\\| " + shape + " +\\| +(\\d+) \\| +([0-9,]+) \\|", Pattern.MULTILINE)
          .matcher(run.out());
      assertThat(m.find()).as("a row for %s in:%n%s", shape, run.out()).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isEqualTo(shape.equals("single") ? 1 : 5);
      assertThat(Long.parseLong(m.group(2).replace(",", ""))).as("rows/s of %s", shape).isPositive();
    }
    long left = TestCassandra.get().session()
        .execute("SELECT count(*) FROM system_schema.tables"
            + " WHERE keyspace_name = 'ebb' AND table_name = 'bench_messages'")
        .one().getLong(0);
    assertThat(left).isZero();
  }
}
