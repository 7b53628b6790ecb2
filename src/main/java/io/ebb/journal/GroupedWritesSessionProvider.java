package io.ebb.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.util.Set;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CqlSessionProvider;
import org.apache.pekko.stream.connectors.cassandra.DefaultSessionProvider;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The session provider of Pekko's Cassandra plugin ({@code pekko.persistence.cassandra.session-provider}): the
 * plugin's own session, wrapped so that its journal inserts are grouped across users ({@link GroupedWritesSession})
 * unless {@code ebb.journal.write-groups.enabled} is off. Pekko builds it by reflection with the plugin's config.
 */
public final class GroupedWritesSessionProvider implements CqlSessionProvider {

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
    Future<CqlSession> session = plain.connect(ec);
    if (!settings.enabled()) {
      return session;
    }
    return FutureConverters.asScala(FutureConverters.asJava(session)
        .thenApply(s -> new GroupedWritesSession(s, settings, tables, writeProfile)));
  }
}
