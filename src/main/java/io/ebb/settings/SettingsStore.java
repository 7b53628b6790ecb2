package io.ebb.settings;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ebb.model.ModelJson;
import io.ebb.model.ServingModel;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The applied serving models in Cassandra ({@code ebb.interest_settings}, newest version first), each in its one
 * JSON form ({@link ModelJson}). Applying a model inserts the next version with a lightweight transaction, so two
 * concurrent applies cannot both win. The tuning report that chose a model is stored beside it ({@code report}, the
 * JSON of {@code ebb tune --report}); models applied otherwise, or before that column existed, have none.
 */
public final class SettingsStore {

  private static final String NAME = "active";

  private final CqlSession session;
  private final PreparedStatement latest;
  private final PreparedStatement byVersion;
  private final PreparedStatement insert;
  private final PreparedStatement report;

  public SettingsStore(CqlSession session) {
    this.session = session;
    this.latest =
        session.prepare("SELECT version, settings FROM ebb.interest_settings WHERE name = ? LIMIT 1");
    this.byVersion =
        session.prepare("SELECT version, settings FROM ebb.interest_settings WHERE name = ? AND version = ?");
    this.insert =
        session.prepare(
            "INSERT INTO ebb.interest_settings (name, version, settings, created_at, report) VALUES (?, ?, ?, ?, ?)"
                + " IF NOT EXISTS");
    this.report =
        session.prepare("SELECT report FROM ebb.interest_settings WHERE name = ? AND version = ?");
  }

  /** The newest applied model, if any was ever applied. */
  public Optional<ServingModel> latest() {
    return read(session.execute(latest.bind(NAME)).one());
  }

  /** An applied model by its version. */
  public Optional<ServingModel> version(int version) {
    return read(session.execute(byVersion.bind(NAME, version)).one());
  }

  private Optional<ServingModel> read(Row row) {
    if (row == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ModelJson.read(row.getString("settings")));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored model version " + row.getInt("version") + " is unreadable", e);
    }
  }

  /** The report stored with a version, as JSON text: empty for a model applied without one. */
  public CompletionStage<Optional<String>> report(int version) {
    return session.executeAsync(report.bind(NAME, version))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(row -> row.getString("report")));
  }

  /** Stores {@code model} as the next version (after the newest stored, and at least 2) and returns it. */
  public ServingModel apply(ServingModel model, Instant now) {
    return apply(model, now, null);
  }

  /** {@link #apply(ServingModel, Instant)} with the report (JSON text) that chose it, or null. */
  public ServingModel apply(ServingModel model, Instant now, String reportJson) {
    for (int attempt = 0; attempt < 5; attempt++) {
      int next = Math.max(2, latest().map(s -> s.version() + 1).orElse(2));
      ServingModel versioned = model.applied(next, now, model.origin());
      if (session.execute(insert.bind(NAME, next, ModelJson.write(versioned), now, reportJson)).wasApplied()) {
        return versioned;
      }
    }
    throw new IllegalStateException("could not store the model: other applies kept winning");
  }
}
