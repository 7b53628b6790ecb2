package io.ebb.rank;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.ExactVectorIndex;
import io.ebb.catalog.InMemoryCatalogStore;
import io.ebb.catalog.Item;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.catalog.StoredItem;
import io.ebb.interest.EventType;
import io.ebb.interest.HorizonView;
import io.ebb.model.Ranking;
import io.ebb.testing.TestCassandra;
import io.ebb.user.RecentEvent;
import io.ebb.user.RecommendRequest;
import io.ebb.user.Recommendation;
import io.ebb.user.UserInterests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's recommender over a real catalog index and real popularity counts in Cassandra: personal lists
 * with reasons, the consumed filter, the cold-start fallback, and never an error for a state of another dimension.
 */
class RecommenderTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String run = "rec-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private Catalog catalog;
  private Popularity popularity;
  private RecommendSettings settings;

  @BeforeEach
  void setUp() throws Exception {
    InMemoryCatalogStore store = new InMemoryCatalogStore();
    store.put(stored("heat", new float[] {1f, 0f}, List.of("crime"), 1));
    store.put(stored("ronin", new float[] {0.9f, 0.2f}, List.of("crime", "action"), 2));
    store.put(stored("amelie", new float[] {0f, 1f}, List.of("romance"), 3));
    store.put(stored("notting", new float[] {-0.1f, 0.95f}, List.of("romance"), 4));
    catalog = new Catalog(store, noModel(), new ExactVectorIndex(), executor);
    catalog.load().toCompletableFuture().get(10, TimeUnit.SECONDS);
    settings = RecommendSettings.fromConfig(ConfigFactory.load().getConfig("ebb"));
    popularity = new Popularity(TestCassandra.get().session(), settings.recency(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private String id(String name) {
    return run + name;
  }

  private StoredItem stored(String name, float[] v, List<String> tags, int minute) {
    Item item = new Item(id(name), name, "", tags, Map.of(), NOW.minus(Duration.ofMinutes(100 - minute)));
    return new StoredItem(item, v, null, "given");
  }

  private static ItemEmbedder noModel() {
    return new ItemEmbedder(new EmbeddingModel() {
      @Override
      public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        throw new AssertionError("stored vectors are never embedded again");
      }

      @Override
      public int dimension() {
        return 2;
      }
    }, "given");
  }

  private UserInterests user(float[] query, List<String> consumed, List<RecentEvent> recent) {
    return new UserInterests("u", true, recent.size(), NOW.minusSeconds(60), NOW, query, List.of(),
        List.<HorizonView>of(), consumed, recent, 1, List.of(), null, new float[0], Map.of());
  }

  private static RecommendRequest request(int limit) {
    return new RecommendRequest(limit, false, Set.of(), Map.of(), NOW);
  }

  private Recommender recommender(Ranking ranking) {
    return new Recommender(catalog, popularity, settings, () -> ranking);
  }

  @Test
  void aPersonalListLeavesConsumedItemsOutAndSaysWhy() {
    RecentEvent viewed = new RecentEvent(id("heat"), EventType.VIEW, NOW.minus(Duration.ofHours(2)).toEpochMilli(), 1);
    var list = recommender(Ranking.PLAIN)
        .recommend("u", user(new float[] {1f, 0f}, List.of(id("heat")), List.of(viewed)), request(2));

    assertThat(list.items()).extracting(Recommendation::itemId).containsExactly(id("ronin"), id("amelie"));
    assertThat(list.items().get(0).reasons()).contains("similar to " + id("heat") + " (viewed 2h ago)");
    assertThat(list.at()).isNull();
  }

  @Test
  void includeSeenAndExcludeChangeTheFilter() {
    var user = user(new float[] {1f, 0f}, List.of(id("heat")), List.of());
    var seen = recommender(Ranking.PLAIN).recommend("u", user,
        new RecommendRequest(1, true, Set.of(), Map.of(), NOW));
    var excluded = recommender(Ranking.PLAIN).recommend("u", user,
        new RecommendRequest(1, false, Set.of(id("ronin")), Map.of(), NOW));

    assertThat(seen.items()).extracting(Recommendation::itemId).containsExactly(id("heat"));
    assertThat(excluded.items()).extracting(Recommendation::itemId).doesNotContain(id("heat"), id("ronin"));
  }

  @Test
  void anUnknownOrFadedUserGetsPopularItemsThenTheNewest() {
    popularity.record(id("amelie"), NOW);
    popularity.record(id("amelie"), NOW);
    popularity.flush();
    popularity.refresh();

    for (UserInterests cold : new UserInterests[] {null, user(new float[0], List.of(), List.of())}) {
      var list = recommender(Ranking.PLAIN).recommend("u", cold, request(3));
      assertThat(list.items()).extracting(Recommendation::itemId).first().isEqualTo(id("amelie"));
      assertThat(list.items().get(0).reasons()).containsExactly("popular");
      assertThat(list.items()).hasSize(3);
      // The rest are this test's newest items (other tests' items may be popular too, so only check ours).
      assertThat(list.items().stream().filter(r -> r.reasons().contains("new in catalog"))
          .map(Recommendation::itemId).filter(i -> i.startsWith(run)).toList())
          .isSubsetOf(id("notting"), id("ronin"), id("heat"));
    }
  }

  @Test
  void aStateOfAnotherDimensionIsAnsweredWithPopularItemsNotAnError() {
    var list = recommender(Ranking.PLAIN).recommend("u", user(new float[] {1f, 0f, 0f}, List.of(), List.of()),
        request(2));

    assertThat(list.items()).hasSize(2);
    assertThat(list.items()).allSatisfy(r -> assertThat(r.reasons()).containsAnyOf("popular", "new in catalog"));
  }

  @Test
  void diversityFromTheActiveRankingReachesTheList() {
    var user = user(new float[] {1f, 0.05f}, List.of(), List.of());
    var plain = recommender(Ranking.PLAIN).recommend("u", user, request(2));
    var diverse = recommender(new Ranking(0.0, 0.3, 200)).recommend("u", user, request(2));

    assertThat(plain.items()).extracting(Recommendation::itemId).containsExactly(id("heat"), id("ronin"));
    assertThat(diverse.items()).extracting(Recommendation::itemId).first().isEqualTo(id("heat"));
    assertThat(diverse.items().get(1).itemId()).isNotEqualTo(id("ronin"));
  }

  @Test
  void theServedRankingsRecentShareLetsWhatIsPopularNowLead() {
    // heat: six views a month ago (ten half-lives: faded to ~0.006); amelie: two views now. Equally similar.
    for (int i = 0; i < 6; i++) {
      popularity.record(id("heat"), NOW.minus(Duration.ofDays(30)));
    }
    popularity.record(id("amelie"), NOW);
    popularity.record(id("amelie"), NOW);
    popularity.flush();
    popularity.refresh();
    var user = user(new float[] {0.5f, 0.5f}, List.of(), List.of());
    var request = new RecommendRequest(2, false, Set.of(id("ronin"), id("notting")), Map.of(), NOW);

    var allTime = recommender(new Ranking(1.0, 1.0, 200)).recommend("u", user, request);
    var recent = recommender(new Ranking(1.0, 1.0, 200).withPopularityRecency(1.0)).recommend("u", user, request);

    assertThat(allTime.items()).extracting(Recommendation::itemId).containsExactly(id("heat"), id("amelie"));
    assertThat(recent.items()).extracting(Recommendation::itemId).containsExactly(id("amelie"), id("heat"));
    assertThat(popularity.recentPrior(id("amelie"))).isGreaterThan(100 * popularity.recentPrior(id("heat")));
  }

  @Test
  void theNewestItemsAreSortedOncePerCatalogChange() {
    List<String> first = catalog.newest(2, id -> !id.startsWith(run));
    assertThat(first).containsExactly(id("notting"), id("amelie"));
    assertThat(catalog.newest(2, id -> !id.startsWith(run))).isEqualTo(first);
  }
}
