package io.ebb.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.catalog.EmbeddingModels;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.testing.CountingModel;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicEmbeddingsTest {

  private CountingModel model;
  private ItemEmbedder embedder;

  @BeforeEach
  void realModel() {
    model = new CountingModel(EmbeddingModels.create(EmbeddingModels.DEFAULT));
    embedder = new ItemEmbedder(model, EmbeddingModels.DEFAULT);
  }

  @Test
  void a_recurring_topic_is_embedded_once_and_gets_the_models_vector() {
    TopicEmbeddings topics = new TopicEmbeddings(embedder, 100);

    List<float[]> first = topics.embed(List.of("crime", "heist thrillers"));
    List<float[]> again = topics.embed(List.of("heist thrillers", "crime", "space opera"));

    assertThat(model.texts).containsExactly("crime", "heist thrillers", "space opera");
    assertThat(model.calls).containsExactly(2, 1); // the missing topics of a call go to the model together
    assertThat(again.get(1)).containsExactly(first.get(0));
    assertThat(again.get(0)).containsExactly(first.get(1));
    assertThat(first.get(0)).containsExactly(embedder.embed("crime"));
  }

  @Test
  void each_caller_gets_its_own_copy() {
    TopicEmbeddings topics = new TopicEmbeddings(embedder, 100);
    float[] mine = topics.embed(List.of("crime")).get(0);
    float[] expected = mine.clone();

    mine[0] = 42f;

    assertThat(topics.embed(List.of("crime")).get(0)).containsExactly(expected);
  }

  @Test
  void the_cache_stays_within_its_bound() {
    TopicEmbeddings topics = new TopicEmbeddings(embedder, 2);
    for (String topic : List.of("crime", "drama", "comedy", "horror", "western")) {
      topics.embed(List.of(topic));
    }
    model.texts.clear();

    topics.embed(List.of("crime", "drama", "comedy", "horror", "western"));

    // At most two of the five were remembered: at least three went to the model again.
    assertThat(model.texts).hasSizeGreaterThanOrEqualTo(3);
  }
}
