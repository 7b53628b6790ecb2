package io.ebb.journal;

import com.typesafe.config.Config;

/**
 * How journal inserts are grouped ({@code ebb.journal.write-groups}).
 *
 * @param enabled whether to group at all; off, every insert is its own statement, as the plugin writes it
 * @param maxInFlight groups written at once; an insert that finds this many in flight waits for the next group
 * @param maxRows rows in one group at most
 * @param maxBytes bound values of one group at most, in bytes: below Cassandra's {@code batch_size_fail_threshold}
 *     (50 KiB by default), which refuses a larger batch outright. A single row above it is still written, alone.
 */
public record WriteGroupSettings(boolean enabled, int maxInFlight, int maxRows, int maxBytes) {

  public static final WriteGroupSettings OFF = new WriteGroupSettings(false, 1, 1, 1);

  public WriteGroupSettings {
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
        c.getBoolean("enabled"),
        c.getInt("max-in-flight"),
        c.getInt("max-rows"),
        Math.toIntExact(c.getBytes("max-bytes")));
  }
}
