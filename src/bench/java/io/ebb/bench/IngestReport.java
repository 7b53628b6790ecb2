package io.ebb.bench;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The table an ingest run ends with: what was sent and how, accepted events/s over the measured window, ack
 * latency percentiles, schedule keeping (fixed rate), errors by kind, and the CPU the generator itself took.
 */
record IngestReport(
    String mode, String runId, URI url, String transport, String load, int batchSize, boolean paced) {

  void print(
      PrintWriter out, IngestStats stats, LoadLoop.Result result, Duration warmup, CpuMeter.Usage cpu,
      Zipf users, Zipf items) {
    Histogram latency = stats.latencies().snapshot();
    String per = mode.equals("batch") ? " (per batch of " + batchSize + ")" : "";
    FigureTable table = FigureTable.figures()
        .row("transport", transport)
        .row("load", load)
        .row("measured window",
            format("%.1f s after %.1f s of warm-up", result.measuredSeconds(), warmup.toMillis() / 1e3))
        .row("accepted events/s (measured window)",
            format("%,.0f", stats.acceptedInWindow() / Math.max(1e-9, result.measuredSeconds())))
        .row("accepted events (measured window)", format("%,d", stats.acceptedInWindow()))
        .row("accepted events (total, incl. warm-up and drain)", format("%,d", stats.acceptedTotal()))
        .row("duplicates acknowledged", format("%,d", stats.duplicates()))
        .row("requests sent", format("%,d (%,d events)", result.requestsSent(), result.eventsSent()))
        .row("ack latency p50" + per, millis(latency, 50))
        .row("ack latency p95", millis(latency, 95))
        .row("ack latency p99", millis(latency, 99))
        .row("ack latency p99.9", millis(latency, 99.9))
        .row("ack latency max", format("%.2f ms", latency.getMaxValue() / 1000.0))
        .row("latency samples (requests started in the window)", format("%,d", latency.getTotalCount()));
    if (paced) {
      table.row("behind schedule (sent > " + LoadLoop.LATE_NANOS / 1_000_000 + " ms late)",
              format("%,d of %,d requests", result.behindSchedule(), result.requestsSent()))
          .row("worst lateness of a send", format("%.1f ms", result.maxLatenessNanos() / 1e6))
          .row("not sent (still behind schedule at the end)", format("%,d requests", result.notSent()));
    }
    table.row("failed requests",
        format("%,d (%,d events not acknowledged)", stats.failedRequests(), stats.failedEvents()));
    for (Map.Entry<String, Long> e : stats.errors().entrySet()) {
      table.row("  error: " + e.getKey(), format("%,d", e.getValue()));
    }
    int cores = CpuMeter.cores();
    double eventsPerSecond = stats.acceptedInWindow() / Math.max(1e-9, result.measuredSeconds());
    table.row("client CPU (this process)", Double.isNaN(cpu.process())
            ? "n/a"
            : format("%.0f %% of %d cores (%.2f cores)", 100 * cpu.process(), cores, cpu.process() * cores))
        .row("service CPU (its /metrics)", share(cpu.service(), eventsPerSecond))
        .row("Cassandra node CPU (if on this machine)", share(cpu.node(), eventsPerSecond))
        .row("machine CPU busy (all processes)",
            Double.isNaN(cpu.machine()) ? "n/a" : format("%.0f %%", 100 * cpu.machine()))
        .row("users · items", format("%,d (Zipf %.2f: top 1%% send %.0f%%) · %,d (Zipf %.2f: top 1%% get %.0f%%)",
            users.size(), users.exponent(), 100 * users.shareOfTop(0.01),
            items.size(), items.exponent(), 100 * items.shareOfTop(0.01)));
    out.println();
    out.printf(Locale.ROOT, "Ingest benchmark, mode %s, run %s, against %s%n", mode, runId, url);
    table.print(out);
    if (isLocal(url)) {
      out.printf(Locale.ROOT,
          "Note: this load generator ran on the same %d cores as the service and its Cassandra node: the CPU it "
              + "used was taken from them.%n", CpuMeter.cores());
    }
    out.printf(Locale.ROOT, "Latency counts from each request's %s; failed requests are not in the latency figures.%n",
        paced ? "intended start (fixed rate: no coordinated omission)" : "send");
    out.flush();
  }

  /** {@code "40 % of 2 cores (0.80 cores, 250 µs per event)"}, or n/a. */
  private static String share(double share, double eventsPerSecond) {
    if (Double.isNaN(share)) {
      return "n/a";
    }
    double cores = share * CpuMeter.cores();
    return format("%.0f %% of %d cores (%.2f cores, %.0f µs per event)",
        100 * share, CpuMeter.cores(), cores, eventsPerSecond > 0 ? cores * 1e6 / eventsPerSecond : 0.0);
  }

  private static String millis(Histogram h, double percentile) {
    return format("%.2f ms", Latencies.percentileMillis(h, percentile));
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  private static boolean isLocal(URI url) {
    try {
      InetAddress address = InetAddress.getByName(url.getHost());
      return address.isLoopbackAddress() || address.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (Exception e) {
      return false;
    }
  }
}
