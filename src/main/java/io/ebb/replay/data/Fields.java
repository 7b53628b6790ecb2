package io.ebb.replay.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parsing of single CSV fields; each failure is a message that completes "file line N: …". */
final class Fields {

  private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d{1,12}(\\.\\d{1,9})?");

  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private Fields() {}

  /** A field that could not be read; the message says which and why. */
  static final class BadField extends Exception {
    BadField(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Epoch seconds ({@code 964982703}, decimals allowed) or ISO-8601: an instant ({@code 2018-09-01T10:15:30Z}),
   * with an offset ({@code +02:00}), or local date-time / date read as UTC.
   */
  static long epochMilli(String text) throws BadField {
    String s = text.strip();
    if (EPOCH_SECONDS.matcher(s).matches()) {
      return Math.round(Double.parseDouble(s) * 1000.0);
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // try the other ISO-8601 forms
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // next
    }
    try {
      return ZonedDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // next
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // next
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      throw new BadField("timestamp '" + text + "' is not epoch seconds or ISO-8601");
    }
  }

  /** A finite number, or {@code null} for an empty field. */
  static Double optionalNumber(String what, String text) throws BadField {
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadField(what + " '" + text + "' is not a number");
    }
  }

  /** A finite number as a {@link Double} where {@code text} parses as one, else the text itself. */
  static Object numberOrText(String text) {
    if (!DECIMAL.matcher(text).matches()) {
      return text; // Double.parseDouble would also take "1d", "NaN" or hex
    }
    double v = Double.parseDouble(text);
    return Double.isFinite(v) ? (Object) v : text;
  }

  static String required(String what, String text) throws BadField {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new BadField(what + " is empty");
    }
    return s;
  }
}
