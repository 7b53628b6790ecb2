package io.ebb.api;

import io.ebb.catalog.Item;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/**
 * {@code GET /v1/items?q=}: the node's in-memory catalog searched by id prefix or title substring, case-insensitive.
 * An id match ranks before a title match, and a title that starts a word with the text before one that only holds
 * it; within a class the more popular item first. One pass keeping the best {@code limit}: no index to keep in step
 * with upserts, and a scan of 100,000 titles costs a few milliseconds.
 */
final class ItemSearch {

  /** The longest text searched for, in characters: a title is at most 1,000. */
  static final int MAX_QUERY = 200;

  /** How well an item matches, best first. */
  enum Match { ID, ID_PREFIX, TITLE_WORD, TITLE }

  record Found(Item item, Match match, long events) {}

  record Result(int matches, List<Found> items) {}

  private static final Comparator<Found> BEST_FIRST = Comparator.comparing(Found::match)
      .thenComparing(Comparator.comparingLong(Found::events).reversed())
      .thenComparing(f -> f.item().title())
      .thenComparing(f -> f.item().itemId());

  private ItemSearch() {}

  /** The best {@code limit} of {@code items} matching {@code query} (already trimmed and non-empty). */
  static Result search(Collection<Item> items, String query, int limit, ToLongFunction<String> events) {
    String q = query.toLowerCase(Locale.ROOT);
    // The worst kept on top, so that a better one replaces it.
    PriorityQueue<Found> best = new PriorityQueue<>(limit + 1, BEST_FIRST.reversed());
    int matches = 0;
    for (Item item : items) {
      Match match = match(item, q);
      if (match == null) {
        continue;
      }
      matches++;
      best.add(new Found(item, match, events.applyAsLong(item.itemId())));
      if (best.size() > limit) {
        best.poll();
      }
    }
    List<Found> sorted = new ArrayList<>(best);
    sorted.sort(BEST_FIRST);
    return new Result(matches, sorted);
  }

  private static Match match(Item item, String q) {
    String id = item.itemId().toLowerCase(Locale.ROOT);
    if (id.equals(q)) {
      return Match.ID;
    }
    if (id.startsWith(q)) {
      return Match.ID_PREFIX;
    }
    String title = item.title().toLowerCase(Locale.ROOT);
    int at = title.indexOf(q);
    if (at < 0) {
      return null;
    }
    for (; at >= 0; at = title.indexOf(q, at + 1)) {
      if (at == 0 || !Character.isLetterOrDigit(title.charAt(at - 1))) {
        return Match.TITLE_WORD;
      }
    }
    return Match.TITLE;
  }
}
