package io.ebb.replay.data;

import java.util.Comparator;

/** The order of ids and of a user's events that every replay (evaluation, learning, tuning) uses. */
public final class Ordering {

  private Ordering() {}

  /** Ids compared as numbers when both are integers, else as text (numbers first). */
  public static final Comparator<String> ID_ORDER = (a, b) -> {
    Long x = asLong(a);
    Long y = asLong(b);
    if (x != null && y != null) {
      return Long.compare(x, y);
    }
    if (x != null || y != null) {
      return x != null ? -1 : 1;
    }
    return a.compareTo(b);
  };

  /** Within one user: by timestamp, then itemId ({@link #ID_ORDER}); a stable sort keeps anything equal. */
  public static final Comparator<Interaction> EVENT_ORDER =
      Comparator.comparingLong(Interaction::epochMilli).thenComparing(Interaction::itemId, ID_ORDER);

  private static Long asLong(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && !(i == 0 && c == '-' && n > 1)) {
        return null;
      }
    }
    return Long.parseLong(s);
  }
}
