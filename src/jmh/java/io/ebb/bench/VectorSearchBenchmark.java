package io.ebb.bench;

import io.ebb.catalog.BuildProgress;
import io.ebb.catalog.ExactVectorIndex;
import io.ebb.catalog.HnswSettings;
import io.ebb.catalog.HnswVectorIndex;
import io.ebb.catalog.ScoredItem;
import io.ebb.catalog.VectorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code topK} of the vector index, exact scan against the HNSW graphs, over 100,000 synthetic 384-d items
 * (clustered, log-normal norms, see {@link SyntheticVectors}) and queries shaped like users' interests. {@code k} 10
 * is a plain top-10; 200 is what the recommender asks for (its candidate pool). The graph is built once per fork,
 * on every core (minutes at 100,000 items); {@code -p k=10} halves the forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class VectorSearchBenchmark {

  private static final int QUERIES = 1024;

  @Param({"exact", "hnsw"})
  String index;

  @Param("100000")
  int items;

  @Param({"10", "200"})
  int k;

  @Param("384")
  int dimension;

  private VectorIndex vectors;
  private float[][] queries;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticVectors synthetic = new SyntheticVectors(42, dimension, 200);
    List<String> ids = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      ids.add("item-" + i);
    }
    if (index.equals("exact")) {
      ExactVectorIndex exact = new ExactVectorIndex(dimension);
      for (int i = 0; i < items; i++) {
        exact.upsert(ids.get(i), synthetic.item(i));
      }
      vectors = exact;
    } else {
      vectors = HnswVectorIndex.build(HnswSettings.DEFAULTS, ids,
          id -> synthetic.item(Integer.parseInt(id.substring(5))), BuildProgress.NONE, () -> false);
    }
    SplittableRandom random = new SplittableRandom(7);
    queries = new float[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = synthetic.interest(random, new int[] {random.nextInt(200), random.nextInt(200)});
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    vectors.close();
  }

  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  public List<ScoredItem> topK(Cursor cursor) {
    return vectors.topK(queries[cursor.next++ & (QUERIES - 1)], k, null);
  }
}
