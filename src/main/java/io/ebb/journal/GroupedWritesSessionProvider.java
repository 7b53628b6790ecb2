package io.ebb.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CqlSessionProvider;
import org.apache.pekko.stream.connectors.cassandra.DefaultSessionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The session provider of Pekko's Cassandra plugin ({@code pekko.persistence.cassandra.session-provider}): the
 * plugin's own session, wrapped so that its journal inserts are grouped across users ({@link GroupedWritesSession})
 * when {@code ebb.journal.write-groups.enabled} says so. With {@code auto} it asks the node it connected to how its
 * commit log syncs ({@code system_views.settings}). Pekko builds it by reflection with the plugin's config.
 */
public final class GroupedWritesSessionProvider implements CqlSessionProvider {

  private static final Logger log = LoggerFactory.getLogger(GroupedWritesSessionProvider.class);
  private static final String COMMITLOG_SYNC =
      "SELECT value FROM system_views.settings WHERE name = 'commitlog_sync'";

  private final DefaultSessionProvider plain;
  private final WriteGroupSettings settings;
  private final Set<String> tables;
  private final String writeProfile;

  /** @param pluginConfig the block at {@code pekko.persistence.cassandra} */
  public GroupedWritesSessionProvider(ActorSystem system, Config pluginConfig) {
    this.plain = new DefaultSessionProvider(system, pluginConfig);
    this.settings = WriteGroupSettings.fromConfig(system.settings().config().getConfig("ebb"));
    Config journal = pluginConfig.getConfig("journal");
    String keyspace = journal.getString("keyspace");
    this.tables = Set.of(
        keyspace + "." + journal.getString("table"),
        keyspace + "." + journal.getString("all-persistence-ids-table"));
    this.writeProfile = pluginConfig.getString("write-profile");
  }

  @Override
  public Future<CqlSession> connect(ExecutionContext ec) {
    if (settings.mode() == WriteGroupSettings.Mode.OFF) {
      return plain.connect(ec);
    }
    return FutureConverters.asScala(FutureConverters.asJava(plain.connect(ec)).thenCompose(this::wrapIfItPays));
  }

  private CompletionStage<CqlSession> wrapIfItPays(CqlSession session) {
    return commitlogSync(session).thenApply(sync -> {
      if (!settings.groupsOn(sync)) {
        log.info("Journal writes are not grouped across users (ebb.journal.write-groups.enabled = {}, commit log {})",
            settings.mode().name().toLowerCase(Locale.ROOT), sync);
        return session;
      }
      log.info("Journal writes are grouped across users: {} groups in flight, up to {} rows and {} bytes each ({})",
          settings.maxInFlight(), settings.maxRows(), settings.maxBytes(),
          settings.mode() == WriteGroupSettings.Mode.ON ? "enabled = on" : "commit log " + sync);
      return new GroupedWritesSession(session, settings, tables, writeProfile);
    });
  }

  /** How the node's commit log syncs, or null when it will not say (older than Cassandra 4, or not allowed). */
  private CompletionStage<String> commitlogSync(CqlSession session) {
    if (settings.mode() != WriteGroupSettings.Mode.AUTO) {
      return CompletableFuture.completedFuture(null);
    }
    return session.executeAsync(COMMITLOG_SYNC)
        .thenApply(GroupedWritesSessionProvider::firstValue)
        .exceptionally(e -> null);
  }

  private static String firstValue(AsyncResultSet rows) {
    Row row = rows.one();
    return row == null ? null : row.getString("value");
  }
}
