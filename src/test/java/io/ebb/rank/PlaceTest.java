package io.ebb.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ebb.model.PlacePrior;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Haversine distances and the place prior's decay, against values worked out by hand. */
class PlaceTest {

  /** One degree of arc on the mean-radius sphere: 6371.0088 · π / 180. */
  private static final double DEGREE_KM = 111.19508;

  @Test
  void aDegreeOfLatitudeOrOfLongitudeOnTheEquatorIsTheSameArc() {
    assertThat(new Place(0, 0).distanceKm(new Place(1, 0))).isCloseTo(DEGREE_KM, within(1e-4));
    assertThat(new Place(0, 0).distanceKm(new Place(0, 1))).isCloseTo(DEGREE_KM, within(1e-4));
    assertThat(new Place(0, 0).distanceKm(new Place(0, 90))).isCloseTo(90 * DEGREE_KM, within(1e-2));
    assertThat(new Place(40.74, -73.99).distanceKm(new Place(40.74, -73.99))).isZero();
  }

  @Test
  void atLatitudeSixtyADegreeOfLongitudeIsAboutHalfAsLong() {
    // h = cos²(60°) · sin²(0.5°) = 0.25 · 7.61524e-5; d = 2R · asin(√h) = 2 · 6371.0088 · 4.36330e-3 = 55.5970
    assertThat(new Place(60, 0).distanceKm(new Place(60, 1))).isCloseTo(55.5970, within(1e-3));
  }

  @Test
  void acrossManhattanFromUnionSquareToTimesSquare() {
    // Δlat 0.0213° = 2.3685 km, Δlon 0.0012° · cos(40.75°) · 111.195 = 0.1011 km: √(2.3685² + 0.1011²) = 2.3707
    double d = new Place(40.7359, -73.9911).distanceKm(new Place(40.7572, -73.9899));
    assertThat(d).isCloseTo(2.3707, within(2e-3));
    assertThat(d).isEqualTo(new Place(40.7572, -73.9899).distanceKm(new Place(40.7359, -73.9911)));
  }

  @Test
  void thePriorFallsByAFactorEPerScaleAndIsNothingWithoutADistanceOrAWeight() {
    PlacePrior p = new PlacePrior(0.3, 2.0);

    assertThat(p.boost(0)).isEqualTo(0.3);
    assertThat(p.boost(2.0)).isCloseTo(0.3 / Math.E, within(1e-12)); // 0.110364
    assertThat(p.boost(2.0 * Math.log(2))).isCloseTo(0.15, within(1e-12));
    assertThat(p.boost(20.0)).isCloseTo(0.3 * 4.53999e-5, within(1e-9));
    assertThat(p.boost(Double.NaN)).isZero();
    assertThat(PlacePrior.OFF.boost(0)).isZero();
    assertThatThrownBy(() -> new PlacePrior(-0.1, 1)).hasMessageContaining("weight");
    assertThatThrownBy(() -> new PlacePrior(0.1, 0)).hasMessageContaining("scaleKm");
  }

  @Test
  void aPlaceIsReadFromNumbersOrNumericTextAndOnlyWhenBothCoordinatesAreThere() {
    assertThat(Place.of(Map.of("lat", 40.74, "lon", -73.99))).isEqualTo(new Place(40.74, -73.99));
    assertThat(Place.of(Map.of("lat", " 40.74", "lon", "-73.99", "tz", "America/New_York")))
        .isEqualTo(new Place(40.74, -73.99));
    assertThat(Place.of(Map.of("lat", "40.74"))).isNull();
    assertThat(Place.of(Map.of("lat", "north", "lon", "-73.99"))).isNull();
    assertThat(Place.of(Map.of("lat", "91", "lon", "0"))).isNull();
    assertThat(Place.of(Map.of())).isNull();
    assertThat(QueryContext.of(Map.of("lat", "40.74", "lon", "-73.99")).place()).isEqualTo(new Place(40.74, -73.99));
    assertThat(QueryContext.of(Map.of("device", "phone"))).isEqualTo(QueryContext.NONE);
  }
}
