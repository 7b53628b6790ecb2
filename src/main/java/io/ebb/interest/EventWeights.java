package io.ebb.interest;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How much each kind of event moves a user's interest. Negative weights push the interest away from the item.
 * {@link EventType#RATE} has no fixed weight: a rating {@code value} weighs {@code (value - rateCenter) * rateScale},
 * so ratings above the center attract and ratings below it repel.
 *
 * @param weights weight per event type; a type missing from the map weighs 0 (its events are ignored). It must
 *     not hold {@link EventType#RATE}.
 */
public record EventWeights(Map<EventType, Double> weights, double rateCenter, double rateScale) {

  public EventWeights {
    Objects.requireNonNull(weights, "weights");
    EnumMap<EventType, Double> copy = new EnumMap<>(EventType.class);
    weights.forEach((type, weight) -> {
      Objects.requireNonNull(type, "event type");
      if (type == EventType.RATE) {
        throw new IllegalArgumentException(
            "rate is weighted by its value: set rateCenter and rateScale instead of a fixed weight");
      }
      requireFinite(type.wireName() + " weight", weight);
      copy.put(type, weight);
    });
    weights = Collections.unmodifiableMap(copy);
    requireFinite("rateCenter", rateCenter);
    requireFinite("rateScale", rateScale);
  }

  /**
   * view 1, click 2, like 3, add_to_cart 4, purchase 5, share 3, dislike −3, skip −0.5; a rating weighs
   * {@code value − 3}.
   */
  public static EventWeights defaults() {
    EnumMap<EventType, Double> w = new EnumMap<>(EventType.class);
    w.put(EventType.VIEW, 1.0);
    w.put(EventType.CLICK, 2.0);
    w.put(EventType.LIKE, 3.0);
    w.put(EventType.DISLIKE, -3.0);
    w.put(EventType.ADD_TO_CART, 4.0);
    w.put(EventType.PURCHASE, 5.0);
    w.put(EventType.SHARE, 3.0);
    w.put(EventType.SKIP, -0.5);
    return new EventWeights(w, 3.0, 1.0);
  }

  /**
   * The weight of one event. {@code value} is read for {@link EventType#RATE} only, where it is required.
   *
   * @throws IllegalArgumentException for a rating without a finite value
   */
  public double weightOf(EventType type, Double value) {
    if (type == EventType.RATE) {
      if (value == null || !Double.isFinite(value)) {
        throw new IllegalArgumentException("a rate event needs a numeric value, was " + value);
      }
      return (value - rateCenter) * rateScale;
    }
    Double w = weights.get(Objects.requireNonNull(type, "event type"));
    return w == null ? 0.0 : w;
  }

  public EventWeights with(EventType type, double weight) {
    EnumMap<EventType, Double> w = new EnumMap<>(EventType.class);
    w.putAll(weights);
    w.put(type, weight);
    return new EventWeights(w, rateCenter, rateScale);
  }

  public EventWeights withRate(double center, double scale) {
    return new EventWeights(weights, center, scale);
  }

  private static void requireFinite(String what, Double x) {
    if (x == null || !Double.isFinite(x)) {
      throw new IllegalArgumentException(what + " must be a finite number, was " + x);
    }
  }
}
