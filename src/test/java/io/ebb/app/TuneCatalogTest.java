package io.ebb.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.catalog.Item;
import io.ebb.rank.Place;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `tune` reads of the catalog: an item's attributes come along, so a place prior can be tuned on journals. */
class TuneCatalogTest {

  @Test
  void aCatalogItemKeepsItsPlaceForReplay() {
    Item cafe = new Item("v-1", "Espresso bar", "on the square", List.of("coffee"),
        Map.of("lat", 40.7362, "lon", -73.9905, "price", "$$"), Instant.parse("2026-12-01T10:00:00Z"));

    var replayed = TuneCommand.datasetItem(cafe);

    assertThat(replayed.itemId()).isEqualTo("v-1");
    assertThat(replayed.title()).isEqualTo("Espresso bar");
    assertThat(replayed.tags()).containsExactly("coffee");
    assertThat(replayed.attributes()).containsEntry("price", "$$");
    assertThat(Place.of(replayed.attributes())).isEqualTo(new Place(40.7362, -73.9905));
  }
}
