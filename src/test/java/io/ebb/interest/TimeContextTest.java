package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold per time bucket and the blend of the query's bucket, by hand-computed cases. */
class TimeContextTest {

  private static final InterestSettings OFF = InterestSettings.defaults();
  /** Buckets forget in a day; the query's bucket counts half. */
  private static final InterestSettings ON =
      OFF.withTime(new TimeSettings(Duration.ofDays(1), 0.5, ZoneOffset.UTC));
  private static final Instant WED_8 = Instant.parse("2026-12-02T08:00:00Z"); // weekday morning (bucket 2)
  private static final Instant WED_20 = Instant.parse("2026-12-02T20:00:00Z"); // weekday evening (bucket 6)
  private static final float[] COFFEE = {1, 0, 0};
  private static final float[] JAZZ = {0, 1, 0};

  private static InterestState morningCoffeeEveningJazz(InterestSettings s) {
    return InterestState.empty(s).apply(s, WED_8, 1.0, COFFEE, List.of(), null)
        .apply(s, WED_20, 1.0, JAZZ, List.of(), null);
  }

  @Test
  void eachEventFoldsIntoTheBucketOfItsLocalTime() {
    InterestState s = morningCoffeeEveningJazz(ON);

    assertThat(s.time().buckets()).hasSize(8);
    assertThat(s.time().bucket(2)).isEqualTo(new HorizonState(COFFEE, WED_8.toEpochMilli()));
    assertThat(s.time().bucket(6)).isEqualTo(new HorizonState(JAZZ, WED_20.toEpochMilli()));
    for (int b : new int[] {0, 1, 3, 4, 5, 7}) {
      assertThat(s.time().bucket(b).vector()).isEmpty();
    }
    // the horizons are the fold without time context
    assertThat(s.horizons()).isEqualTo(morningCoffeeEveningJazz(OFF).horizons());
  }

  @Test
  void aBucketDecaysAtItsHalfLifeAndTakesLateEventsAtTheirAge() {
    Instant nextWed8 = WED_8.plus(Duration.ofDays(7));
    InterestState s = morningCoffeeEveningJazz(ON)
        .apply(ON, nextWed8, 2.0, JAZZ, List.of(), null) // a week later: 2^-7 of the coffee is left
        .apply(ON, nextWed8.minusSeconds(3600), 1.0, COFFEE, List.of(), null); // late, an hour before: 2^(-1/24)

    HorizonState morning = s.time().bucket(2);
    assertThat(morning.asOfEpochMilli()).isEqualTo(nextWed8.toEpochMilli());
    assertThat(morning.vector()[0]).isCloseTo((float) (Math.pow(2, -7) + Math.pow(2, -1.0 / 24)), within(1e-6f));
    assertThat(morning.vector()[1]).isCloseTo(2.0f, within(1e-6f));
  }

  @Test
  void theQueryBlendsTheInterestOfItsOwnBucketWithTheShare() {
    InterestState s = morningCoffeeEveningJazz(ON);
    float[] general = s.queryVector(OFF, WED_20);

    // At 20:00 the evening bucket holds one event's worth of jazz, undecayed: q' = norm(0.5·q + 0.5·jazz)
    assertThat(s.queryVector(ON, WED_20, ZoneOffset.UTC))
        .containsExactly(normalised(blend(general, 0.5, JAZZ, 1.0)), within(1e-6f));
    // The next morning the morning bucket's coffee has faded by a day's half-life to 0.5, below one event's
    // worth, so it enters as it is: q' = norm(0.5·q + 0.5·0.5·coffee)
    Instant thu8 = WED_8.plus(Duration.ofDays(1));
    assertThat(s.queryVector(ON, thu8, ZoneOffset.UTC))
        .containsExactly(normalised(blend(s.queryVector(OFF, thu8), 0.5, COFFEE, 0.5)), within(1e-6f));
    // A bucket that holds nothing (a weekend afternoon) leaves the query as it is
    Instant saturday14 = Instant.parse("2026-12-05T14:00:00Z");
    assertThat(s.queryVector(ON, saturday14, ZoneOffset.UTC)).containsExactly(s.queryVector(OFF, saturday14));
  }

  @Test
  void theSameInstantInAnotherZoneIsAnotherBucket() {
    ZoneId newYork = ZoneId.of("America/New_York");
    Instant utc1330 = Instant.parse("2026-12-02T13:30:00Z"); // 08:30 in New York: morning; 13:30 UTC: afternoon
    InterestState s = InterestState.empty(ON).apply(ON, utc1330, 1.0, COFFEE, List.of(), newYork);

    assertThat(s.time().bucket(2).vector()).containsExactly(COFFEE);
    assertThat(s.time().bucket(4).vector()).isEmpty();
    // Without a zone the settings' default (UTC) counts
    InterestState utc = InterestState.empty(ON).apply(ON, utc1330, 1.0, COFFEE, List.of(), null);
    assertThat(utc.time().bucket(4).vector()).containsExactly(COFFEE);
  }

  @Test
  void withTimeContextOffNothingIsFoldedPerBucketAndTheQueryIsUnchanged() {
    InterestState s = morningCoffeeEveningJazz(OFF);

    assertThat(s.time().isEmpty()).isTrue();
    assertThat(s.queryVector(OFF, WED_20, ZoneOffset.UTC)).containsExactly(s.queryVector(OFF, WED_20));
    assertThat(s.timeBucketsAsOf(OFF, WED_20)).isEmpty();
  }

  @Test
  void aTickKeepsTheBlendedQueryAndTheProfileShowsEachBucket() {
    InterestState s = morningCoffeeEveningJazz(ON);
    Instant later = WED_20.plus(Duration.ofDays(2));

    InterestState ticked = s.asOf(ON, later);

    assertThat(ticked.queryVector(ON, later, ZoneOffset.UTC))
        .containsExactly(s.queryVector(ON, later, ZoneOffset.UTC), within(1e-6f));
    List<HorizonView> buckets = s.timeBucketsAsOf(ON, later);
    assertThat(buckets).hasSize(8);
    assertThat(buckets.get(6).name()).isEqualTo("weekday evening");
    assertThat(buckets.get(6).norm()).isCloseTo(0.25, within(1e-9)); // two half-lives
    assertThat(buckets.get(2).norm()).isCloseTo(Math.pow(2, -(2 + 0.5)), within(1e-9));
    assertThat(buckets.get(0).norm()).isZero();
  }

  private static double[] blend(float[] q, double share, float[] bucket, double scale) {
    double[] out = new double[q.length];
    for (int j = 0; j < q.length; j++) {
      out[j] = (1 - share) * q[j] + share * scale * bucket[j];
    }
    return out;
  }

  private static float[] normalised(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = (float) (v[j] / Math.sqrt(n));
    }
    return out;
  }
}
