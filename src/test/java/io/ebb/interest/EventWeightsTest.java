package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWeightsTest {

  @Test
  void defaultsMatchTheDesign() {
    var w = EventWeights.defaults();
    assertThat(w.weightOf(EventType.VIEW, null)).isEqualTo(1.0);
    assertThat(w.weightOf(EventType.CLICK, null)).isEqualTo(2.0);
    assertThat(w.weightOf(EventType.LIKE, null)).isEqualTo(3.0);
    assertThat(w.weightOf(EventType.ADD_TO_CART, null)).isEqualTo(4.0);
    assertThat(w.weightOf(EventType.PURCHASE, null)).isEqualTo(5.0);
    assertThat(w.weightOf(EventType.SHARE, null)).isEqualTo(3.0);
    assertThat(w.weightOf(EventType.DISLIKE, null)).isEqualTo(-3.0);
    assertThat(w.weightOf(EventType.SKIP, null)).isEqualTo(-0.5);
    assertThat(w.rateCenter()).isEqualTo(3.0);
    assertThat(w.rateScale()).isEqualTo(1.0);
  }

  @Test
  void rateWeightIsValueMinusCenterTimesScale() {
    var w = EventWeights.defaults();
    assertThat(w.weightOf(EventType.RATE, 5.0)).isEqualTo(2.0);
    assertThat(w.weightOf(EventType.RATE, 1.0)).isEqualTo(-2.0);
    assertThat(w.weightOf(EventType.RATE, 3.0)).isEqualTo(0.0);
    var tuned = w.withRate(2.5, 2.0);
    assertThat(tuned.weightOf(EventType.RATE, 4.0)).isCloseTo(3.0, within(1e-12));
    assertThat(tuned.weightOf(EventType.RATE, 1.5)).isCloseTo(-2.0, within(1e-12));
  }

  @Test
  void rateWithoutValueThrows() {
    var w = EventWeights.defaults();
    assertThatThrownBy(() -> w.weightOf(EventType.RATE, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> w.weightOf(EventType.RATE, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valueIsIgnoredForFixedWeights() {
    assertThat(EventWeights.defaults().weightOf(EventType.LIKE, 1.0)).isEqualTo(3.0);
  }

  @Test
  void withReplacesOneWeightAndLeavesTheOriginal() {
    var original = EventWeights.defaults();
    var changed = original.with(EventType.LIKE, 7.0);
    assertThat(changed.weightOf(EventType.LIKE, null)).isEqualTo(7.0);
    assertThat(changed.weightOf(EventType.VIEW, null)).isEqualTo(1.0);
    assertThat(original.weightOf(EventType.LIKE, null)).isEqualTo(3.0);
    assertThat(changed).isNotEqualTo(original);
  }

  @Test
  void missingTypeWeighsZeroAndRateCannotHaveAFixedWeight() {
    var onlyViews = new EventWeights(Map.of(EventType.VIEW, 1.0), 3.0, 1.0);
    assertThat(onlyViews.weightOf(EventType.PURCHASE, null)).isZero();
    assertThatThrownBy(() -> EventWeights.defaults().with(EventType.RATE, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventWeights.defaults().with(EventType.LIKE, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weightsMapIsImmutable() {
    assertThatThrownBy(() -> EventWeights.defaults().weights().put(EventType.VIEW, 9.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void fromWireAcceptsExactLowerCaseNamesOnly() {
    assertThat(EventType.fromWire("add_to_cart")).contains(EventType.ADD_TO_CART);
    assertThat(EventType.fromWire("view")).contains(EventType.VIEW);
    assertThat(EventType.fromWire("bogus")).isEmpty();
    assertThat(EventType.fromWire("View")).isEmpty();
    assertThat(EventType.fromWire("VIEW")).isEmpty();
    assertThat(EventType.fromWire(" view")).isEmpty();
    assertThat(EventType.fromWire(null)).isEmpty();
    for (EventType t : EventType.values()) {
      assertThat(EventType.fromWire(t.wireName())).contains(t);
    }
  }

  @Test
  void wireNamesListsEveryType() {
    assertThat(EventType.wireNames())
        .startsWith("view, click, ")
        .contains("add_to_cart")
        .endsWith("skip");
    assertThat(EventType.wireNames().split(", ")).hasSize(EventType.values().length);
  }
}
