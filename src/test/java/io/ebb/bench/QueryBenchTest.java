package io.ebb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench query} with tiny sizes: it runs through, and prints its figures and a recall. */
class QueryBenchTest {

  @Test
  void inProcessPrintsBuildMemoryRecallAndLatencyForBothIndexes() {
    String out = run("--items", "2000", "--index", "both", "--duration", "2", "--warmup", "1", "--users", "200",
        "--recall-queries", "50");

    assertThat(out).contains("hnsw build: 2,000 / 2,000 nodes (100%)");
    double recall = Double.parseDouble(cell(out, "\\| 2,000 +\\| hnsw +\\|(?:[^|]*\\|){4} +([0-9.]+) \\|"));
    assertThat(recall).isGreaterThanOrEqualTo(0.8);
    for (String kind : new String[] {"exact", "hnsw"}) {
      long perSecond = number(cell(out, "\\| 2,000 +\\| " + kind + " +\\| saturation[^|]*\\| +([0-9,]+) \\|"));
      assertThat(perSecond).as(kind + " recommendations/s").isPositive();
      assertThat(cell(out, "\\| 2,000 +\\| " + kind + " +\\|[^|]*\\|(?:[^|]*\\|){6} +([0-9,]+) \\|"))
          .as(kind + " errors").isEqualTo("0");
    }
  }

  @Test
  void urlModeQueriesTheServiceAtAFixedRate() throws Exception {
    Set<String> paths = ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/users/", exchange -> {
      paths.add(exchange.getRequestURI().toString());
      requests.incrementAndGet();
      byte[] body = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    ExecutorService handlers = Executors.newFixedThreadPool(4);
    server.setExecutor(handlers);
    server.start();
    try {
      String out = run("--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--rate", "100",
          "--duration", "1", "--warmup", "0", "--users", "3", "--concurrency", "4");

      assertThat(paths).containsExactlyInAnyOrder("/v1/users/u-1/recommendations?limit=10",
          "/v1/users/u-2/recommendations?limit=10", "/v1/users/u-3/recommendations?limit=10");
      // A second at 100/s: 100 queries meant, all answered (how fast depends on this machine, so not checked).
      long perSecond = number(cell(out, "\\| \\(service\\) +\\| \\(service\\) +\\| fixed rate[^|]*\\| +([0-9,]+) \\|"));
      assertThat(perSecond).isPositive();
      assertThat(cell(out, "\\| \\(service\\) +\\|[^|]*\\|[^|]*\\|(?:[^|]*\\|){6} +([0-9,]+) \\|")).isEqualTo("0");
      assertThat(requests).hasValue(100);
    } finally {
      server.stop(0);
      handlers.shutdownNow();
    }
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new QueryBench());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    System.out.print(out);
    System.err.print(err);
    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    return out.toString();
  }

  private static String cell(String out, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(out);
    assertThat(m.find()).as("/%s/ in:%n%s", regex, out).isTrue();
    return m.group(1);
  }

  private static long number(String cell) {
    return Long.parseLong(cell.replace(",", ""));
  }
}
