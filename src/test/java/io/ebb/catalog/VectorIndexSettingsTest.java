package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.junit.jupiter.api.Test;

class VectorIndexSettingsTest {

  private final Config ebb = ConfigFactory.parseResources("reference.conf").resolve().getConfig("ebb");

  @Test
  void referenceConfHasTheDefaultsTheCodeAssumes() {
    VectorIndexSettings settings = VectorIndexSettings.fromConfig(ebb);

    assertThat(settings.kind()).isEqualTo(VectorIndexSettings.Kind.AUTO);
    assertThat(settings.autoThreshold()).isBetween(20_000, 50_000);
    assertThat(settings.hnsw()).isEqualTo(HnswSettings.DEFAULTS);
  }

  @Test
  void eachKindMakesItsIndex() {
    for (String kind : new String[] {"exact", "hnsw", "auto", " HNSW "}) {
      VectorIndex index = VectorIndexSettings.fromConfig(
          ebb.withValue("catalog.index.kind", ConfigValueFactory.fromAnyRef(kind))).newIndex();
      assertThat(index).as(kind).isInstanceOf(kind.equals("exact") ? ExactVectorIndex.class : TieredVectorIndex.class);
      index.close();
    }
  }

  @Test
  void anUnknownKindIsNamedInTheError() {
    Config bad = ebb.withValue("catalog.index.kind", ConfigValueFactory.fromAnyRef("faiss"));

    assertThatThrownBy(() -> VectorIndexSettings.fromConfig(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ebb.catalog.index.kind")
        .hasMessageContaining("faiss");
  }
}
