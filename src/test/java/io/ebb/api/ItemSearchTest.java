package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.catalog.Item;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemSearchTest {

  private static Item item(String id, String title) {
    return new Item(id, title, "", List.of(), Map.of(), Instant.EPOCH);
  }

  private static final List<Item> CATALOG = List.of(
      item("m-1", "Star Wars"),
      item("m-2", "Lone Star"),
      item("m-3", "Dark Star"),
      item("m-4", "Mustard"), // holds "star", not at a word's start
      item("star", "Heat"),
      item("star-2", "Ronin"),
      item("m-5", "Amelie"));

  private static List<String> ids(ItemSearch.Result result) {
    return result.items().stream().map(f -> f.item().itemId()).toList();
  }

  @Test
  void anIdMatchRanksFirstThenIdPrefixesThenTitleWordsByPopularityThenOtherTitleMatches() {
    Map<String, Long> events = Map.of("m-3", 9L, "m-2", 4L, "m-4", 100L);
    var result = ItemSearch.search(CATALOG, "Star", 10, id -> events.getOrDefault(id, 0L));
    assertThat(ids(result)).containsExactly("star", "star-2", "m-3", "m-2", "m-1", "m-4");
    assertThat(result.matches()).isEqualTo(6);
    assertThat(result.items().get(0).match()).isEqualTo(ItemSearch.Match.ID);
    assertThat(result.items().get(5).match()).isEqualTo(ItemSearch.Match.TITLE);
  }

  @Test
  void theLimitKeepsTheBestAndCountsEveryMatch() {
    var result = ItemSearch.search(CATALOG, "star", 2, id -> 0L);
    assertThat(ids(result)).containsExactly("star", "star-2");
    assertThat(result.matches()).isEqualTo(6);
    assertThat(ItemSearch.search(CATALOG, "M-", 3, id -> 0L).matches()).isEqualTo(5);
  }

  @Test
  void nothingMatchesNothing() {
    var result = ItemSearch.search(CATALOG, "zebra", 10, id -> 0L);
    assertThat(result.items()).isEmpty();
    assertThat(result.matches()).isZero();
  }
}
