package io.ebb.llm;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Whether a stated interest is of the moment (this session) or lasting. In JSON: {@code "short"} | {@code "long"}. */
public enum Horizon {
  SHORT,
  LONG;

  /** The JSON spelling, {@code "short"} or {@code "long"}; Jackson reads and writes it. */
  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The horizon spelt {@code text} (case and surrounding blanks ignored), empty for anything else. */
  public static Optional<Horizon> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "short" -> Optional.of(SHORT);
      case "long" -> Optional.of(LONG);
      default -> Optional.empty();
    };
  }
}
