package io.ebb.replay;

import io.ebb.interest.StatedTopic;
import io.ebb.replay.data.RecordedCapture;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Every user's captures of stated interests, in time order, ready for {@link io.ebb.interest.InterestState#capture}:
 * recorded ones read from a journal, or simulated ones for datasets that have none ({@link CaptureSimulation}).
 * The vectors are text embeddings until {@link #inItemSpace} maps them as the service maps a capture's topics
 * ({@code ItemLookup.textVector}): the text part weighted as items' are, the collaborative part zeros.
 *
 * @param source where the captures come from, for the report: {@code "simulated (ebb-summariser/1)"} or
 *     {@code "recorded (ollama:llama3.2)"}
 * @param byUser per user index of the {@link Split}, the captures in time order
 */
public record StatedCaptures(String source, List<List<Capture>> byUser) {

  /** No captures at all. */
  public static final StatedCaptures NONE = new StatedCaptures("none", List.of());

  public StatedCaptures {
    Objects.requireNonNull(source, "source");
    byUser = byUser.stream().map(List::copyOf).toList();
  }

  /**
   * One capture.
   *
   * @param topics the topics with their weights, as the capture stated them
   * @param vectors one vector per topic, in order
   */
  public record Capture(long epochMilli, List<StatedTopic> topics, List<float[]> vectors) {

    public Capture {
      topics = List.copyOf(topics);
      vectors = List.copyOf(vectors);
      if (topics.size() != vectors.size()) {
        throw new IllegalArgumentException(topics.size() + " topics but " + vectors.size() + " vectors");
      }
    }
  }

  /**
   * The split's recorded captures, with their recorded vectors. Those that state no topic, or whose vectors have
   * another dimension than {@code textDimension} (another embedding model), are left out, as the user entity
   * leaves them out of its state.
   */
  public static StatedCaptures recorded(Split split, int textDimension) {
    List<List<Capture>> byUser = new ArrayList<>(split.users().size());
    TreeSet<String> models = new TreeSet<>();
    for (int u = 0; u < split.users().size(); u++) {
      List<Capture> mine = new ArrayList<>();
      for (RecordedCapture c : split.recordedCaptures(u)) {
        if (c.topics().isEmpty() || c.topics().stream().anyMatch(t -> t.vector().length != textDimension)) {
          continue;
        }
        mine.add(new Capture(
            c.epochMilli(),
            c.topics().stream().map(t -> new StatedTopic(t.topic(), t.weight())).toList(),
            c.topics().stream().map(RecordedCapture.Topic::vector).toList()));
        models.add(c.modelId());
      }
      byUser.add(mine);
    }
    return new StatedCaptures("recorded" + (models.isEmpty() ? "" : " (" + String.join(", ", models) + ")"), byUser);
  }

  /** User {@code user}'s captures in time order (none for a user this holds nothing of). */
  public List<Capture> of(int user) {
    return user < byUser.size() ? byUser.get(user) : List.of();
  }

  /** How many captures there are, over all users. */
  public int count() {
    return byUser.stream().mapToInt(List::size).sum();
  }

  /** {@code "simulated (ebb-summariser/1), 12,345 captures"}. */
  public String describe() {
    return String.format(Locale.ROOT, "%s, %,d captures", source, count());
  }

  /**
   * The same captures with every vector mapped by {@code toItemSpace} (each distinct array once: simulated
   * captures share the vector of a topic).
   */
  public StatedCaptures inItemSpace(UnaryOperator<float[]> toItemSpace) {
    Map<float[], float[]> mapped = new IdentityHashMap<>();
    List<List<Capture>> out = new ArrayList<>(byUser.size());
    for (List<Capture> captures : byUser) {
      List<Capture> mine = new ArrayList<>(captures.size());
      for (Capture c : captures) {
        List<float[]> vectors = c.vectors().stream().map(v -> mapped.computeIfAbsent(v, toItemSpace)).toList();
        mine.add(new Capture(c.epochMilli(), c.topics(), vectors));
      }
      out.add(mine);
    }
    return new StatedCaptures(source, out);
  }
}
