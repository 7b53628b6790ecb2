package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterestSettingsTest {

  private static final InterestSettings DEFAULTS = InterestSettings.defaults();

  @Test
  void defaults() {
    assertThat(DEFAULTS.version()).isEqualTo(1);
    assertThat(DEFAULTS.horizons())
        .containsExactly(
            new HorizonSettings("short", Duration.ofHours(6), 0.5),
            new HorizonSettings("long", Duration.ofDays(30), 0.5));
    assertThat(DEFAULTS.weights()).isEqualTo(EventWeights.defaults());
    assertThat(DEFAULTS.tagHalfLife()).isEqualTo(Duration.ofDays(30));
    assertThat(DEFAULTS.tagFloor()).isEqualTo(0.01);
    assertThat(DEFAULTS.maxTags()).isEqualTo(200);
  }

  @Test
  void withersChangeOneThing() {
    var h = List.of(new HorizonSettings("only", Decay.NEVER, 1.0));
    assertThat(DEFAULTS.withVersion(7).version()).isEqualTo(7);
    assertThat(DEFAULTS.withHorizons(h).horizons()).isEqualTo(h);
    assertThat(DEFAULTS.withHorizons(h).weights()).isEqualTo(DEFAULTS.weights());
    var w = EventWeights.defaults().with(EventType.VIEW, 0.25);
    assertThat(DEFAULTS.withWeights(w).weights()).isEqualTo(w);
    assertThat(DEFAULTS.withWeights(w).horizons()).isEqualTo(DEFAULTS.horizons());
  }

  @Test
  void rejectsInvalidSettings() {
    var ok = new HorizonSettings("a", Duration.ofHours(1), 1.0);
    assertThatThrownBy(() -> DEFAULTS.withHorizons(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("horizon");
    assertThatThrownBy(() -> DEFAULTS.withHorizons(List.of(ok, new HorizonSettings("a", Duration.ofDays(1), 1.0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
    assertThatThrownBy(() -> new HorizonSettings("a", Duration.ZERO, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HorizonSettings("a", Duration.ofHours(-1), 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HorizonSettings("a", Duration.ofHours(1), -0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HorizonSettings(" ", Duration.ofHours(1), 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULTS.withHorizons(List.of(new HorizonSettings("a", Duration.ofHours(1), 0.0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mix");
    assertThatThrownBy(() -> new InterestSettings(1, List.of(ok), EventWeights.defaults(), Duration.ofDays(1), 0.01, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTags");
    assertThatThrownBy(() -> new InterestSettings(1, List.of(ok), EventWeights.defaults(), Duration.ZERO, 0.01, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tagHalfLife");
    assertThatThrownBy(() -> new InterestSettings(1, List.of(ok), EventWeights.defaults(), Duration.ofDays(1), -1, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tagFloor");
  }
}
