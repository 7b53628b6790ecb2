package io.ebb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.embedding.EmbeddingModel;
import org.junit.jupiter.api.Test;

class EmbeddingModelsTest {

  @Test
  void unknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> EmbeddingModels.create("gpt-embed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpt-embed")
        .hasMessageContaining("all-minilm-l6-v2-q, bge-small-en-v15-q, bge-small-zh-v15-q");
  }

  @Test
  void blankMeansTheDefault() {
    assertThat(EmbeddingModels.canonicalName(null)).isEqualTo(EmbeddingModels.DEFAULT);
    assertThat(EmbeddingModels.canonicalName(" BGE-Small-EN-v15-q ")).isEqualTo("bge-small-en-v15-q");
  }

  /** The three model jars come from different LangChain4j releases: check they all run on the one here. */
  @Test
  void theBgeModelsLoadAndEmbed() {
    EmbeddingModel en = EmbeddingModels.create("bge-small-en-v15-q");
    assertThat(en.dimension()).isEqualTo(384);
    assertThat(en.embed("a crime saga").content().vector()).hasSize(384);

    EmbeddingModel zh = EmbeddingModels.create("bge-small-zh-v15-q");
    assertThat(zh.dimension()).isEqualTo(512);
    assertThat(zh.embed("一部犯罪史诗").content().vector()).hasSize(512);
  }
}
