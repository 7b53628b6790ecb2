package io.ebb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU used by this process and by the whole machine between two instants. A load generator on the same cores as
 * the service takes CPU from it: its share says how far the figures understate what the service alone could do.
 * The machine figure comes from {@code /proc/stat} (Linux); elsewhere it is unknown ({@code NaN}). The Cassandra
 * node's share is known when the node runs on this machine (the embedded one does): it tells how much of the
 * machine the journal's database took, which is what bounds ingestion here.
 */
final class CpuMeter {

  /** Process CPU time, machine busy and total jiffies, and wall time, at one instant. */
  record Reading(
      long processCpuNanos, long wallNanos, long machineBusy, long machineTotal, long nodeCpuNanos,
      long serviceCpuNanos) {}

  /**
   * Shares of the machine's CPU capacity (all cores) over an interval, 0..1; {@code NaN} when unknown.
   *
   * @param node the local Cassandra node's share
   * @param service the service's share, from its {@code /metrics}
   */
  record Usage(double process, double machine, double node, double service) {}

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private CpuMeter() {}

  static int cores() {
    return CORES;
  }

  static Reading read() {
    return read(null);
  }

  /** A reading that includes the CPU time the service at {@code serviceUrl} reports, if it answers. */
  static Reading read(URI serviceUrl) {
    long service = serviceUrl == null ? -1 : ServiceCpu.nanos(serviceUrl);
    long[] machine = machineJiffies();
    long node = CassandraNodes.local().flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    return new Reading(processCpuNanos(), System.nanoTime(), machine[0], machine[1], node, service);
  }

  static Usage between(Reading from, Reading to) {
    double wall = to.wallNanos() - from.wallNanos();
    double process =
        from.processCpuNanos() < 0 || wall <= 0
            ? Double.NaN
            : (to.processCpuNanos() - from.processCpuNanos()) / (wall * CORES);
    long total = to.machineTotal() - from.machineTotal();
    double machine =
        from.machineTotal() < 0 || total <= 0 ? Double.NaN : (double) (to.machineBusy() - from.machineBusy()) / total;
    return new Usage(process, machine, share(from.nodeCpuNanos(), to.nodeCpuNanos(), wall),
        share(from.serviceCpuNanos(), to.serviceCpuNanos(), wall));
  }

  private static double share(long fromNanos, long toNanos, double wallNanos) {
    return fromNanos < 0 || toNanos < 0 || wallNanos <= 0 ? Double.NaN : (toNanos - fromNanos) / (wallNanos * CORES);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** {busy, total} jiffies of all cores from the first line of /proc/stat; idle and iowait count as not busy. */
  private static long[] machineJiffies() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }
}
