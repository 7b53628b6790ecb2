package io.ebb.settings;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;

/**
 * The versioned serving settings in Cassandra ({@code ebb.interest_settings}, newest version first). Applying
 * a setting inserts the next version with a lightweight transaction, so two concurrent applies cannot both win.
 */
public final class SettingsStore {

  private static final String NAME = "active";

  private final CqlSession session;
  private final ObjectMapper json;
  private final PreparedStatement latest;
  private final PreparedStatement byVersion;
  private final PreparedStatement insert;

  public SettingsStore(CqlSession session, ObjectMapper json) {
    this.session = session;
    this.json = json;
    this.latest =
        session.prepare("SELECT version, settings FROM ebb.interest_settings WHERE name = ? LIMIT 1");
    this.byVersion =
        session.prepare("SELECT version, settings FROM ebb.interest_settings WHERE name = ? AND version = ?");
    this.insert =
        session.prepare(
            "INSERT INTO ebb.interest_settings (name, version, settings, created_at) VALUES (?, ?, ?, ?) IF NOT EXISTS");
  }

  /** The newest applied setting, if any was ever applied. */
  public Optional<ServingSettings> latest() {
    return read(session.execute(latest.bind(NAME)).one());
  }

  /** An applied setting by its version. */
  public Optional<ServingSettings> version(int version) {
    return read(session.execute(byVersion.bind(NAME, version)).one());
  }

  private Optional<ServingSettings> read(Row row) {
    if (row == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(row.getString("settings"), ServingSettings.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored settings version " + row.getInt("version") + " is unreadable", e);
    }
  }

  /** Stores {@code settings} as the next version (after the newest stored, and at least 2) and returns it. */
  public ServingSettings apply(ServingSettings settings, Instant now) {
    for (int attempt = 0; attempt < 5; attempt++) {
      int next = Math.max(2, latest().map(s -> s.version() + 1).orElse(2));
      ServingSettings versioned = settings.asVersion(next, now);
      String body;
      try {
        body = json.writeValueAsString(versioned);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("settings cannot be written as JSON", e);
      }
      if (session.execute(insert.bind(NAME, next, body, now)).wasApplied()) {
        return versioned;
      }
    }
    throw new IllegalStateException("could not store the settings: other applies kept winning");
  }
}
