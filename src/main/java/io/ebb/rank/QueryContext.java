package io.ebb.rank;

import java.util.Map;

/**
 * What a query says about the situation it is asked in, as far as ranking uses it: where the user is. The request's
 * {@code context.*} entries hold more (a time zone, a device, …); a part joins this record when the ranking learns
 * to use it, so the pipeline takes one value rather than a growing list of loose parameters.
 *
 * @param place where the user is ({@code context.lat}/{@code lon}), or {@code null} when the query does not say
 */
public record QueryContext(Place place) {

  /** A query that says nothing about its situation. */
  public static final QueryContext NONE = new QueryContext(null);

  /** From a request's context entries: {@code lat} and {@code lon} (both, as numbers) make a place. */
  public static QueryContext of(Map<String, String> context) {
    Place place = Place.of(context);
    return place == null ? NONE : new QueryContext(place);
  }
}
