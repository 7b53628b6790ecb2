package io.ebb.interest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a user did with an item. The wire name is the lower-case name ({@code "add_to_cart"}). */
public enum EventType {
  VIEW,
  CLICK,
  LIKE,
  DISLIKE,
  ADD_TO_CART,
  PURCHASE,
  RATE,
  SHARE,
  SKIP;

  private static final EventType[] VALUES = values();
  private static final String WIRE_NAMES =
      Arrays.stream(VALUES).map(EventType::wireName).collect(Collectors.joining(", "));

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  /** Exact lower-case wire names only: {@code "View"} or {@code "VIEW"} are rejected like any unknown word. */
  public static Optional<EventType> fromWire(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (EventType type : VALUES) {
      if (type.wireName.equals(s)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** {@code "view, click, ..."}, for error messages. */
  public static String wireNames() {
    return WIRE_NAMES;
  }
}
