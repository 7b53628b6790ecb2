package io.ebb.model;

/**
 * How much being near the user lifts an item: {@code weight · exp(−distance / scaleKm)} added to its relevance,
 * the distance being from the query's position to the item's (both known; otherwise nothing is added). An item at
 * the user's position gains {@code weight}, one {@code scaleKm} away {@code weight / e}. Off (weight 0) unless the
 * tuner finds that replay prefers it.
 *
 * @param weight at least 0; 0 turns the prior off
 * @param scaleKm the distance over which the lift falls by a factor e, in kilometres; positive
 */
public record PlacePrior(double weight, double scaleKm) {

  /** No lift; the scale is that of a walk, so turning the weight up alone means something. */
  public static final PlacePrior OFF = new PlacePrior(0.0, 1.0);

  public PlacePrior {
    if (!(weight >= 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException("place weight must be finite and at least 0, was " + weight);
    }
    if (!(scaleKm > 0) || !Double.isFinite(scaleKm)) {
      throw new IllegalArgumentException("place scaleKm must be finite and positive, was " + scaleKm);
    }
  }

  public boolean isOn() {
    return weight > 0;
  }

  /** The lift of an item {@code distanceKm} away; 0 for an unknown distance ({@code NaN}) or when off. */
  public double boost(double distanceKm) {
    return isOn() && !Double.isNaN(distanceKm) ? weight * Math.exp(-distanceKm / scaleKm) : 0.0;
  }
}
