package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeBucketsTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void anInstantFallsIntoTheDaypartAndWeekdayOfItsLocalTime() {
    // Wednesday 2 December 2026, 13:30 UTC: 08:30 in New York (EST, UTC−5), the afternoon in UTC
    Instant wednesday = Instant.parse("2026-12-02T13:30:00Z");
    assertThat(TimeBuckets.name(TimeBuckets.of(wednesday, NEW_YORK))).isEqualTo("weekday morning");
    assertThat(TimeBuckets.name(TimeBuckets.of(wednesday, ZoneOffset.UTC))).isEqualTo("weekday afternoon");
    // Saturday 03:00 UTC is Friday 22:00 in New York: the local date decides the weekend
    Instant saturdayUtc = Instant.parse("2026-12-05T03:00:00Z");
    assertThat(TimeBuckets.name(TimeBuckets.of(saturdayUtc, NEW_YORK))).isEqualTo("weekday night");
    assertThat(TimeBuckets.name(TimeBuckets.of(saturdayUtc, ZoneOffset.UTC))).isEqualTo("weekend night");
    assertThat(TimeBuckets.name(TimeBuckets.of(Instant.parse("2026-12-06T22:00:00Z"), NEW_YORK)))
        .isEqualTo("weekend evening"); // Sunday 17:00
  }

  @Test
  void theBoundariesAreFiveElevenSeventeenAndTwentyTwo() {
    Instant monday = Instant.parse("2026-11-30T00:00:00Z");
    String[] expected = new String[24];
    for (int h = 0; h < 24; h++) {
      expected[h] = h < 5 || h >= 22 ? "weekday night" : h < 11 ? "weekday morning"
          : h < 17 ? "weekday afternoon" : "weekday evening";
      assertThat(TimeBuckets.name(TimeBuckets.of(monday.plusSeconds(h * 3600L), ZoneOffset.UTC)))
          .as("%d h", h).isEqualTo(expected[h]);
    }
    assertThat(TimeBuckets.of(monday.plusSeconds(5 * 3600L - 1), ZoneOffset.UTC)).isZero();
  }

  @Test
  void aZoneWithSummerTimeMovesTheHourAFixedOffsetDoesNot() {
    Instant july = Instant.parse("2026-07-01T21:30:00Z"); // a Wednesday
    assertThat(TimeBuckets.name(TimeBuckets.of(july, NEW_YORK))).isEqualTo("weekday evening"); // 17:30 EDT
    assertThat(TimeBuckets.name(TimeBuckets.of(july, TimeBuckets.zoneOf("-05:00")))).isEqualTo("weekday afternoon");
  }

  @Test
  void aZoneIsAnIanaIdOrAnOffsetAndAnythingElseIsNone() {
    assertThat(TimeBuckets.zoneOf("America/New_York")).isEqualTo(NEW_YORK);
    assertThat(TimeBuckets.zoneOf(" Europe/Berlin ")).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(TimeBuckets.zoneOf("-04:00")).isEqualTo(ZoneOffset.ofHours(-4));
    assertThat(TimeBuckets.zoneOf("+5")).isEqualTo(ZoneOffset.ofHours(5));
    assertThat(TimeBuckets.zoneOf("+05:30")).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(TimeBuckets.zoneOf("UTC+2").getRules().getOffset(Instant.EPOCH)).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(TimeBuckets.zoneOf("Z")).isEqualTo(ZoneOffset.UTC);
    assertThat(TimeBuckets.zoneOf("Mars/Olympus_Mons")).isNull();
    assertThat(TimeBuckets.zoneOf("+25:00")).isNull();
    assertThat(TimeBuckets.zoneOf("")).isNull();
    assertThat(TimeBuckets.zoneOf(null)).isNull();
    assertThat(TimeBuckets.zoneOf("x".repeat(200))).isNull();
  }

  @Test
  void bucketsAreNamedForProfilesAndReasons() {
    assertThat(TimeBuckets.name(0)).isEqualTo("weekday night");
    assertThat(TimeBuckets.name(7)).isEqualTo("weekend evening");
    assertThat(TimeBuckets.name(5)).isEqualTo("weekend afternoon");
    assertThatThrownBy(() -> TimeBuckets.name(8)).isInstanceOf(IllegalArgumentException.class);
  }
}
