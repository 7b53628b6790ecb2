package io.ebb.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ebb.catalog.ItemEmbedder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vectors of stated-interest topics, remembered. Topics recur: the built-in summariser states a user's top
 * tags, a catalog has few tags, and every user whose session goes idle is captured, so without this a node embedded
 * the same few hundred texts over and over (10,000 users going idle after a burst kept both cores busy for minutes).
 * Texts the cache lacks go to the model in one batch; beyond {@code maxTopics} the cache drops the least used.
 *
 * <p>Each caller gets its own copy of a vector: the captured event holds it.
 */
final class TopicEmbeddings {

  /** About 16 MB of 384-d vectors. */
  static final long DEFAULT_MAX_TOPICS = 10_000;

  private final ItemEmbedder embedder;
  private final Cache<String, float[]> vectors;

  TopicEmbeddings(ItemEmbedder embedder, long maxTopics) {
    this.embedder = embedder;
    // Eviction on the caller's thread (the embedding executor's): it is cheap, and the bound holds at once.
    this.vectors = Caffeine.newBuilder().maximumSize(maxTopics).executor(Runnable::run).build();
  }

  /** The unit-length vectors of {@code topics}, in order, each as the embedder makes it. */
  List<float[]> embed(List<String> topics) {
    Map<String, float[]> known = vectors.getAll(topics, this::embedMissing);
    return topics.stream().map(topic -> known.get(topic).clone()).toList();
  }

  private Map<String, float[]> embedMissing(Set<? extends String> missing) {
    List<String> texts = List.copyOf(missing);
    List<float[]> embedded = embedder.embedAll(texts);
    Map<String, float[]> out = new HashMap<>(texts.size() * 2);
    for (int i = 0; i < texts.size(); i++) {
      out.put(texts.get(i), embedded.get(i));
    }
    return out;
  }
}
