package io.ebb.app;

import io.ebb.catalog.Catalog;
import io.ebb.catalog.Item;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.llm.CaptureRequest;
import io.ebb.llm.CapturedInterests;
import io.ebb.llm.InterestCapturer;
import io.ebb.llm.LlmSettings;
import io.ebb.llm.RecentItem;
import io.ebb.llm.StatedInterest;
import io.ebb.user.InterestCapture;
import io.ebb.user.RecentEvent;
import io.ebb.user.UserEvent.CapturedTopic;
import io.ebb.user.UserEvent.InterestsCaptured;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The user entities' {@link InterestCapture} on a node: the entity's recent events become a prompt's data (titles
 * and tags from the catalog, how long ago), the configured {@link InterestCapturer} answers, and the topics are
 * embedded with the catalog's model ({@link TopicEmbeddings}, which remembers recurring topics) into the event the
 * entity records.
 *
 * <p>With no language model configured ({@code provider = none}) the built-in summariser answers, only when a
 * session goes idle; with a model, also after every {@code capture-every} events.
 */
final class StatedInterestCapture implements InterestCapture {

  private final LlmSettings settings;
  private final InterestCapturer capturer;
  private final Catalog catalog;
  private final TopicEmbeddings topicVectors;
  private final Executor embedExecutor;

  StatedInterestCapture(
      LlmSettings settings, InterestCapturer capturer, Catalog catalog, ItemEmbedder embedder, Executor embedExecutor) {
    this.settings = settings;
    this.capturer = capturer;
    this.catalog = catalog;
    this.topicVectors = new TopicEmbeddings(embedder, TopicEmbeddings.DEFAULT_MAX_TOPICS);
    this.embedExecutor = embedExecutor;
  }

  @Override
  public int captureEvery() {
    return settings.provider() == LlmSettings.Provider.NONE ? 0 : settings.captureEvery();
  }

  @Override
  public Duration idleAfter() {
    return settings.idleAfter();
  }

  @Override
  public CompletionStage<InterestsCaptured> capture(String userId, Input input) {
    CaptureRequest request = new CaptureRequest(userId, input.now(), recentItems(input), input.topTags(), input.context());
    return capturer.capture(request).thenApplyAsync(answer -> event(input.now(), answer), embedExecutor);
  }

  /** The latest events first, as the prompt reads them, with the catalog's titles and tags. */
  private List<RecentItem> recentItems(Input input) {
    List<RecentItem> items = new ArrayList<>(input.recent().size());
    for (int i = input.recent().size() - 1; i >= 0; i--) {
      RecentEvent e = input.recent().get(i);
      Item item = catalog.get(e.itemId()).orElse(null);
      Duration ago = Duration.ofMillis(Math.max(0L, input.now().toEpochMilli() - e.atEpochMilli()));
      items.add(
          new RecentItem(
              e.itemId(),
              item == null ? e.itemId() : item.title(),
              item == null ? List.of() : item.tags(),
              e.type().name().toLowerCase(Locale.ROOT),
              null,
              ago));
    }
    return items;
  }

  private InterestsCaptured event(Instant at, CapturedInterests answer) {
    List<StatedInterest> interests = answer.interests();
    List<float[]> vectors = topicVectors.embed(interests.stream().map(StatedInterest::topic).toList());
    List<CapturedTopic> topics = new ArrayList<>(interests.size());
    for (int i = 0; i < interests.size(); i++) {
      StatedInterest s = interests.get(i);
      topics.add(
          new CapturedTopic(s.topic(), s.weight(), s.horizon().json(), vectors.get(i)));
    }
    return new InterestsCaptured(at, topics, answer.summary(), answer.modelId(), answer.promptVersion());
  }
}
