package io.ebb.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a key may do: {@code read} (every GET but {@code /metrics}, the recommendations socket), {@code write}
 * (events: single, batch, the events socket), {@code admin} (everything, the catalog and deleting users included).
 */
public enum Scope {
  READ,
  WRITE,
  ADMIN;

  /** The scope as the keys file and the command line spell it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scope parse(String name) {
    for (Scope scope : values()) {
      if (scope.wireName().equals(name)) {
        return scope;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope \"" + name + "\": one of "
            + Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", ")));
  }
}
