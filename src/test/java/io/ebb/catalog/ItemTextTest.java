package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemTextTest {

  private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123456Z");

  @Test
  void joinsTitleDescriptionAndTags() {
    Item heat = new Item("heat", "Heat", "A crime saga", List.of("crime", "thriller"), Map.of(), AT);

    assertThat(ItemText.of(heat)).isEqualTo("Heat. A crime saga. Tags: crime, thriller");
  }

  @Test
  void leavesOutBlankPartsAndDoesNotDoublePunctuation() {
    assertThat(ItemText.of(new Item("a", "Heat", null, null, null, AT))).isEqualTo("Heat.");
    assertThat(ItemText.of(new Item("a", " Heat! ", "  ", List.of(" ", "crime "), null, AT)))
        .isEqualTo("Heat! Tags: crime");
    assertThat(ItemText.of(new Item("a", "Heat", "A crime saga.", List.of(), null, AT)))
        .isEqualTo("Heat. A crime saga.");
  }

  @Test
  void itemNormalisesItsParts() {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("year", 1995);
    attributes.put("rating", null);
    List<String> tags = Arrays.asList("crime");

    Item item = new Item("heat", "Heat", null, tags, attributes, AT);
    tags.set(0, "changed");

    assertThat(item.description()).isEmpty();
    assertThat(item.tags()).containsExactly("crime");
    assertThat(item.attributes()).containsEntry("year", 1995).containsEntry("rating", null);
    assertThat(item.updatedAt()).isEqualTo(Instant.parse("2026-11-27T10:15:30.123Z"));
    assertThatThrownBy(() -> new Item(" ", "Heat", null, null, null, AT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Item("a", "", null, null, null, AT)).isInstanceOf(IllegalArgumentException.class);
  }
}
