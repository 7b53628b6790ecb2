package io.ebb.testing;

import com.typesafe.config.ConfigFactory;
import io.ebb.interest.InterestSettings;
import io.ebb.model.ServingModel;
import io.ebb.rank.RecommendSettings;
import io.ebb.settings.SettingsStore;
import java.time.Instant;

/**
 * The serving model is shared by every test of a run (one Cassandra node): a test that applies a model of its own
 * leaves the configured defaults active again, so later tests see the model they expect.
 */
public final class TestModels {

  private TestModels() {}

  /** Applies the configured defaults (the interest settings and ranking of {@code reference.conf}) as the next version. */
  public static void restoreDefaults(SettingsStore models) {
    models.apply(ServingModel.defaults(InterestSettings.defaults(),
        RecommendSettings.fromConfig(ConfigFactory.load().getConfig("ebb")).ranking()), Instant.now());
  }
}
