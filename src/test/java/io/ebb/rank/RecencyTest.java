package io.ebb.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecencyTest {

  private static final long HOUR = 3_600_000L;
  private final Recency recency = new Recency(Duration.ofHours(1));

  @Test
  void anEventCountsOneWhenNewAndHalfOneHalfLifeLater() {
    long at = 5 * HOUR + 20 * 60_000;
    long units = recency.units(at);
    long landmark = recency.landmarkOf(at);

    assertThat(recency.count(units, landmark, at)).isCloseTo(1.0, within(5e-4));
    assertThat(recency.count(units, landmark, at + HOUR)).isCloseTo(0.5, within(5e-4));
    assertThat(recency.count(units, landmark, at + 3 * HOUR)).isCloseTo(0.125, within(5e-4));
  }

  @Test
  void landmarksAreEightHalfLivesApartAndUnitsGrowWithinOne() {
    assertThat(recency.periodMillis()).isEqualTo(8 * HOUR);
    assertThat(recency.landmarkOf(0)).isZero();
    assertThat(recency.landmarkOf(8 * HOUR - 1)).isZero();
    assertThat(recency.landmarkOf(8 * HOUR)).isEqualTo(8 * HOUR);
    assertThat(recency.landmarkOf(-1)).isEqualTo(-8 * HOUR);
    // At its landmark an event is 1,000 units; one half-life on, 2,000; just before the next landmark, 2^8 times.
    assertThat(recency.units(8 * HOUR)).isEqualTo(1000);
    assertThat(recency.units(9 * HOUR)).isEqualTo(2000);
    assertThat(recency.units(16 * HOUR - 1)).isBetween(255_000L, 256_000L);
    // Events under different landmarks at the same instant are worth the same.
    assertThat(recency.count(recency.units(8 * HOUR - 1), 0, 10 * HOUR))
        .isCloseTo(recency.count(recency.units(8 * HOUR), 8 * HOUR, 10 * HOUR), within(1e-3));
  }

  @Test
  void theOldestLandmarkReadIsTwoPeriodsBeforeTheCurrentOne() {
    assertThat(recency.oldestLandmark(20 * HOUR)).isEqualTo(0);
    assertThat(recency.oldestLandmark(24 * HOUR)).isEqualTo(8 * HOUR);
  }

  @Test
  void aBlendTakesTheRecentShare() {
    assertThat(Relevance.prior(0.8, 0.2, 0.0)).isEqualTo(0.8);
    assertThat(Relevance.prior(0.8, 0.2, 1.0)).isCloseTo(0.2, within(1e-12));
    assertThat(Relevance.prior(0.8, 0.2, 0.25)).isCloseTo(0.65, within(1e-12));
    assertThat(Relevance.recentPrior(0.0, 0.0)).isZero();
    assertThat(Relevance.recentPrior(3.0, 3.0)).isEqualTo(1.0);
    assertThat(Relevance.recentPrior(1.0, 3.0)).isCloseTo(Math.log(2) / Math.log(4), within(1e-12));
  }

  @Test
  void aHalfLifeUnderAMinuteIsRefused() {
    assertThatThrownBy(() -> new Recency(Duration.ofSeconds(30))).hasMessageContaining("half-life");
    assertThatThrownBy(() -> new Recency(null)).hasMessageContaining("half-life");
  }
}
