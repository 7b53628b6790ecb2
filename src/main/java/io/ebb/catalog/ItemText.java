package io.ebb.catalog;

import java.util.ArrayList;
import java.util.List;

/** The text of an item that is embedded: what a person would read about it, in one line. */
public final class ItemText {

  private ItemText() {}

  /**
   * Title, description and tags as sentences, blank parts left out: {@code "Heat. A crime saga. Tags: crime,
   * thriller"}. A part that already ends in punctuation gets no extra full stop.
   */
  public static String of(Item item) {
    List<String> parts = new ArrayList<>(3);
    addSentence(parts, item.title());
    addSentence(parts, item.description());
    List<String> tags = item.tags().stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
    if (!tags.isEmpty()) {
      parts.add("Tags: " + String.join(", ", tags));
    }
    return String.join(" ", parts);
  }

  private static void addSentence(List<String> parts, String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      return;
    }
    char last = s.charAt(s.length() - 1);
    parts.add(last == '.' || last == '!' || last == '?' ? s : s + ".");
  }
}
