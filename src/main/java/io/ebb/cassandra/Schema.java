package io.ebb.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates Ebb's keyspace and tables from the {@code .cql} files the jar carries under {@code /cluster-config/}
 * (the same files operators run with cqlsh). Every statement is {@code IF NOT EXISTS}, so applying twice is
 * harmless; Ebb never lets the Pekko plugin autocreate tables.
 */
public final class Schema {

  static final String RESOURCE_DIR = "/cluster-config/";
  static final String TABLES = "tables.cql";
  /** A schema change waits for every node to agree; on a busy 2-core machine that alone can take seconds. */
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);
  static final Duration AGREEMENT_TIMEOUT = Duration.ofSeconds(60);

  private Schema() {}

  /**
   * Runs {@code /cluster-config/<keyspaceResource>} (e.g. {@code keyspace-local.cql}), then
   * {@code /cluster-config/tables.cql}, waiting for schema agreement after each statement.
   */
  public static void apply(CqlSession session, String keyspaceResource) {
    List<String> script = new ArrayList<>(statements(read(keyspaceResource)));
    script.addAll(statements(read(TABLES)));
    // The driver refreshes its schema metadata after each DDL, debounced by a second: off while we run a script
    // (as Pekko's own table autocreate does), then back to the configured value, which refreshes once.
    session.setSchemaMetadataEnabled(false);
    try {
      for (String statement : script) {
        execute(session, statement);
      }
    } finally {
      session.setSchemaMetadataEnabled(null);
    }
  }

  /**
   * Splits a CQL script into statements: a statement ends with {@code ;} at the end of a line, and lines starting
   * with {@code --} or {@code //} are comments. Semicolons inside a line (in a string, say) are left alone.
   */
  static List<String> statements(String script) {
    List<String> result = new ArrayList<>();
    var current = new StringBuilder();
    for (String line : script.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--") || trimmed.startsWith("//")) {
        continue;
      }
      if (!current.isEmpty()) {
        current.append('\n');
      }
      if (trimmed.endsWith(";")) {
        current.append(line.stripTrailing(), 0, line.stripTrailing().length() - 1);
        result.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(line.stripTrailing());
      }
    }
    if (!current.toString().isBlank()) {
      result.add(current.toString().strip());
    }
    return result;
  }

  static String read(String resource) {
    String path = resource.startsWith("/") ? resource : RESOURCE_DIR + resource;
    try (InputStream in = Schema.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no CQL resource " + path + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static void execute(CqlSession session, String cql) {
    ResultSet result = session.execute(SimpleStatement.newInstance(cql)
        .setTimeout(STATEMENT_TIMEOUT)
        .setIdempotent(true));
    if (!result.getExecutionInfo().isSchemaInAgreement()) {
      awaitAgreement(session, cql);
    }
  }

  private static void awaitAgreement(CqlSession session, String cql) {
    long deadline = System.nanoTime() + AGREEMENT_TIMEOUT.toNanos();
    while (!session.checkSchemaAgreement()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cassandra nodes did not agree on the schema within "
            + AGREEMENT_TIMEOUT.toSeconds() + " s after: " + firstLine(cql));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for schema agreement", e);
      }
    }
  }

  private static String firstLine(String cql) {
    int newline = cql.indexOf('\n');
    return newline < 0 ? cql : cql.substring(0, newline) + " …";
  }
}
