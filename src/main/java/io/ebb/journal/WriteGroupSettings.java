package io.ebb.journal;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * How journal inserts are grouped ({@code ebb.journal.write-groups}).
 *
 * @param mode whether to group: always, never, or as the cluster's commit log makes it pay
 * @param maxInFlight groups written at once; an insert that finds this many in flight waits for the next group
 * @param maxRows rows in one group at most
 * @param maxBytes bound values of one group at most, in bytes: below Cassandra's {@code batch_size_fail_threshold}
 *     (50 KiB by default), which refuses a larger batch outright. A single row above it is still written, alone.
 */
public record WriteGroupSettings(Mode mode, int maxInFlight, int maxRows, int maxBytes) {

  /** Whether inserts are grouped. */
  public enum Mode {
    ON,
    OFF,
    /**
     * Grouped where the commit log does not sync before it acknowledges ({@code commitlog_sync: periodic},
     * Cassandra's default): there a batch of many users' rows costs the node a fraction of as many statements.
     * Where it syncs first ({@code group}, {@code batch}: the embedded node) every row of a batch waits for its
     * sync and grouping measured no gain.
     */
    AUTO
  }

  public WriteGroupSettings {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max-in-flight must be at least 1, not " + maxInFlight);
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("max-rows must be at least 1, not " + maxRows);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max-bytes must be at least 1, not " + maxBytes);
    }
  }

  /** Reads {@code journal.write-groups} of Ebb's config block. */
  public static WriteGroupSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("journal.write-groups");
    return new WriteGroupSettings(
        mode(c.getString("enabled")),
        c.getInt("max-in-flight"),
        c.getInt("max-rows"),
        Math.toIntExact(c.getBytes("max-bytes")));
  }

  /**
   * Whether to group on a cluster whose commit log syncs as {@code commitlogSync} says ({@code periodic},
   * {@code group}, {@code batch}; null when the cluster would not tell, which is taken as Cassandra's default).
   */
  public boolean groupsOn(String commitlogSync) {
    return switch (mode) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> commitlogSync == null || commitlogSync.strip().equalsIgnoreCase("periodic");
    };
  }

  private static Mode mode(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> Mode.ON;
      case "off", "false", "no" -> Mode.OFF;
      case "auto" -> Mode.AUTO;
      default -> throw new IllegalArgumentException(
          "ebb.journal.write-groups.enabled must be on, off or auto, not '" + value + "'");
    };
  }
}
