package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real in-process all-MiniLM-L6-v2 (quantized) model. */
class ItemEmbedderTest {

  private static ItemEmbedder embedder;

  @BeforeAll
  static void loadModel() {
    embedder = ItemEmbedder.of(EmbeddingModels.DEFAULT);
  }

  @Test
  void hasTheModelsNameAndDimension() {
    assertThat(embedder.modelId()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(embedder.dimension()).isEqualTo(384);
    assertThat(embedder.embed("a film")).hasSize(384);
  }

  @Test
  void placesSimilarMeaningsCloser() {
    float[] spaceOpera = embedder.embed("space opera with starships");
    float[] sciFi = embedder.embed("sci-fi adventure among the stars");
    float[] romCom = embedder.embed("romantic comedy in Paris");

    assertThat(cosine(spaceOpera, sciFi)).isGreaterThan(cosine(spaceOpera, romCom) + 0.1);
  }

  @Test
  void vectorsHaveUnitLength() {
    assertThat(Vectors.norm(embedder.embed("Heat. A crime saga. Tags: crime, thriller"))).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void embedAllMatchesEmbeddingOneByOneAcrossBatches() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < ItemEmbedder.BATCH_SIZE + 6; i++) {
      texts.add("item number " + i + (i % 2 == 0 ? ", a quiet drama" : ", a loud action film"));
    }

    List<float[]> all = embedder.embedAll(texts);

    assertThat(all).hasSize(texts.size());
    for (int i : new int[] {0, 1, ItemEmbedder.BATCH_SIZE - 1, ItemEmbedder.BATCH_SIZE, texts.size() - 1}) {
      float[] one = embedder.embed(texts.get(i));
      for (int d = 0; d < one.length; d++) {
        assertThat(all.get(i)[d]).as("text %d, component %d", i, d).isCloseTo(one[d], within(1e-5f));
      }
    }
    assertThat(embedder.embedAll(List.of())).isEmpty();
  }

  @Test
  void refusesBlankText() {
    assertThatThrownBy(() -> embedder.embed(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  private static double cosine(float[] a, float[] b) {
    return Vectors.dot(a, b) / (Vectors.norm(a) * Vectors.norm(b));
  }
}
