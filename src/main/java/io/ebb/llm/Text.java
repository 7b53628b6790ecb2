package io.ebb.llm;

import java.util.regex.Pattern;

/** Cleaning of text that crosses the model boundary, in either direction. */
final class Text {

  // Control (Cc) and format (Cf: zero-width, bidi overrides) characters, and unpaired surrogates.
  private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}]");
  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private Text() {}

  /**
   * {@code text} on one line: control and format characters become spaces, runs of blanks one space, the ends
   * stripped, and then at most {@code maxLength} characters, cut at a code point boundary. Null gives "".
   */
  static String clean(String text, int maxLength) {
    if (text == null) {
      return "";
    }
    String oneLine = BLANKS.matcher(INVISIBLE.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
    return truncate(oneLine, maxLength);
  }

  /** At most {@code maxLength} characters of {@code text}, never splitting a surrogate pair, stripped again. */
  static String truncate(String text, int maxLength) {
    if (text.length() <= maxLength) {
      return text;
    }
    int end = maxLength;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end).strip();
  }
}
