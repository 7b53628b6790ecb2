package io.ebb.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.ebb.journal.WriteGroupSettings.Mode;
import org.junit.jupiter.api.Test;

class WriteGroupSettingsTest {

  private static WriteGroupSettings enabled(String value) {
    return WriteGroupSettings.fromConfig(ConfigFactory.parseString("journal.write-groups.enabled = " + value)
        .withFallback(ConfigFactory.defaultReference().getConfig("ebb")));
  }

  @Test
  void theDefaultsGroupWhereTheCommitLogIsPeriodicOnly() {
    WriteGroupSettings defaults = WriteGroupSettings.fromConfig(ConfigFactory.defaultReference().getConfig("ebb"));

    assertThat(defaults).isEqualTo(new WriteGroupSettings(Mode.AUTO, 64, 100, 40 * 1024));
    assertThat(defaults.groupsOn("periodic")).isTrue();
    assertThat(defaults.groupsOn(" Periodic ")).isTrue();
    assertThat(defaults.groupsOn("group")).isFalse();
    assertThat(defaults.groupsOn("batch")).isFalse();
    assertThat(defaults.groupsOn(null)).as("a node that will not say runs Cassandra's default").isTrue();
  }

  @Test
  void onAndOffHoldWhateverTheCommitLog() {
    for (String on : new String[] {"on", "true", "yes", "\"ON\""}) {
      assertThat(enabled(on).groupsOn("group")).as(on).isTrue();
    }
    for (String off : new String[] {"off", "false", "no"}) {
      assertThat(enabled(off).groupsOn("periodic")).as(off).isFalse();
    }
  }

  @Test
  void anythingElseIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> enabled("sometimes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ebb.journal.write-groups.enabled")
        .hasMessageContaining("sometimes");
    assertThatThrownBy(() -> new WriteGroupSettings(Mode.ON, 0, 1, 1))
        .hasMessageContaining("max-in-flight");
  }
}
