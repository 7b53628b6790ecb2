package io.ebb.rank;

import java.util.Map;

/**
 * A position on Earth in degrees (WGS 84), of an item ({@code attributes.lat}/{@code lon}) or of a user asking
 * ({@code context.lat}/{@code lon}).
 */
public record Place(double lat, double lon) {

  /** The mean Earth radius (IUGG), in kilometres. */
  static final double EARTH_RADIUS_KM = 6371.0088;

  public Place {
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      throw new IllegalArgumentException("a place needs lat within ±90 and lon within ±180, was " + lat + ", " + lon);
    }
  }

  /**
   * The place named by the {@code lat} and {@code lon} entries of a context or of item attributes (numbers, or text
   * that reads as a number), or {@code null} when either is missing or is not a coordinate.
   */
  public static Place of(Map<String, ?> entries) {
    double lat = coordinate(entries.get("lat"));
    double lon = coordinate(entries.get("lon"));
    return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? new Place(lat, lon) : null;
  }

  private static double coordinate(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** The great-circle distance in kilometres (haversine formula, on a sphere of the mean Earth radius). */
  public double distanceKm(Place other) {
    double dLat = Math.toRadians(other.lat - lat);
    double dLon = Math.toRadians(other.lon - lon);
    double h = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
  }

  /** The distance between two places, {@code NaN} when either is unknown ({@code null}). */
  public static double distanceKm(Place a, Place b) {
    return a == null || b == null ? Double.NaN : a.distanceKm(b);
  }
}
