package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecayTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void factorHalvesPerHalfLife() {
    var sixHours = Duration.ofHours(6);
    assertThat(Decay.factor(sixHours, 0)).isEqualTo(1.0);
    assertThat(Decay.factor(sixHours, 6 * HOUR)).isCloseTo(0.5, within(1e-12));
    assertThat(Decay.factor(sixHours, 12 * HOUR)).isCloseTo(0.25, within(1e-12));
    assertThat(Decay.factor(sixHours, 3 * HOUR)).isCloseTo(Math.sqrt(0.5), within(1e-12));
  }

  @Test
  void neverDoesNotDecay() {
    assertThat(Decay.factor(Decay.NEVER, Long.MAX_VALUE)).isEqualTo(1.0);
    assertThat(Decay.factor(Decay.NEVER, 1)).isEqualTo(1.0);
  }

  @Test
  void factorRejectsNegativeElapsedAndNonPositiveHalfLife() {
    assertThatThrownBy(() -> Decay.factor(Duration.ofHours(6), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Decay.factor(Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesShortForms() {
    assertThat(Decay.parse("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(Decay.parse("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Decay.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Decay.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Decay.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Decay.parse("1y")).isEqualTo(Duration.ofDays(365));
    assertThat(Decay.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Decay.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Decay.parse(" 6 h ")).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void parsesIsoAndNever() {
    assertThat(Decay.parse("PT6H")).isEqualTo(Duration.ofHours(6));
    assertThat(Decay.parse("P30D")).isEqualTo(Duration.ofDays(30));
    assertThat(Decay.parse("never")).isSameAs(Decay.NEVER);
    assertThat(Decay.parse("inf")).isSameAs(Decay.NEVER);
    assertThat(Decay.parse("Never")).isSameAs(Decay.NEVER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "6", "h", "6 hours", "6H", "-6h", "6x", "P1Y", "PT", "forever!", "1e3h"})
  void rejectsWhatItCannotRead(String text) {
    assertThatThrownBy(() -> Decay.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never");
  }

  @Test
  void rejectionNamesTheText() {
    assertThatThrownBy(() -> Decay.parse("6 hours")).hasMessageContaining("\"6 hours\"");
  }

  @Test
  void formatsIso() {
    assertThat(Decay.format(Decay.parse("6h"))).isEqualTo("PT6H");
    assertThat(Decay.format(Decay.parse("30d"))).isEqualTo("P30D");
    assertThat(Decay.format(Decay.parse("never"))).isEqualTo("never");
    assertThat(Decay.format(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
    assertThat(Decay.format(Duration.ofDays(30).plusHours(1))).isEqualTo("PT721H");
  }

  @ParameterizedTest
  @ValueSource(strings = {"6h", "30d", "never", "90s", "15m", "2w", "1y", "500ms", "1.5h", "PT6H", "P30D", "PT1H0.5S"})
  void formatThenParseRoundTrips(String text) {
    Duration d = Decay.parse(text);
    assertThat(Decay.parse(Decay.format(d))).isEqualTo(d);
  }
}
