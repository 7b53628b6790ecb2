package io.ebb.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.VectorMath;
import io.ebb.model.Ranking;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The pure ranking pipeline: pool, filter, prior, diversity, each checked on vectors worked out by hand. */
class RankerTest {

  /** An exact scan over a few named vectors: what the index and the evaluator's scan both are. */
  private static final class Scan implements Ranker.Source<String> {
    final Map<String, float[]> vectors;
    final List<Integer> asked = new ArrayList<>();

    Scan(Map<String, float[]> vectors) {
      this.vectors = vectors;
    }

    @Override
    public List<Ranker.Neighbour<String>> nearest(float[] query, int k, Predicate<String> excluded) {
      asked.add(k);
      return vectors.entrySet().stream()
          .filter(e -> !excluded.test(e.getKey()))
          .map(e -> new Ranker.Neighbour<>(e.getKey(), VectorMath.dot(query, e.getValue()), e.getValue()))
          .sorted(Comparator.comparingDouble((Ranker.Neighbour<String> n) -> -n.similarity())
              .thenComparing(Ranker.Neighbour::item))
          .limit(k)
          .toList();
    }
  }

  private static final float[] QUERY = {1f, 0f};
  private static final Map<String, float[]> ITEMS = Map.of(
      "a", new float[] {0.9f, 0.1f},
      "a-twin", new float[] {0.89f, 0.11f},
      "b", new float[] {0.7f, -0.7f},
      "c", new float[] {0.5f, 0.5f},
      "far", new float[] {-1f, 0f});

  private static List<String> ids(List<Ranker.Ranked<String>> ranked) {
    return ranked.stream().map(Ranker.Ranked::item).toList();
  }

  @Test
  void withoutPriorOrDiversityTheListIsTheNearestByInnerProduct() {
    var ranker = new Ranker<>(new Scan(ITEMS), id -> 0.0);

    var list = ranker.rank(QUERY, 3, id -> false, Ranking.PLAIN);

    assertThat(ids(list)).containsExactly("a", "a-twin", "b");
    assertThat(list.get(0).relevance()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void theSourceIsAskedForThePoolAndFilters() {
    Scan scan = new Scan(ITEMS);
    var ranker = new Ranker<>(scan, id -> 0.0);

    var list = ranker.rank(QUERY, 2, id -> id.startsWith("a"), new Ranking(0.0, 1.0, 3));

    assertThat(ids(list)).containsExactly("b", "c");
    // The pool is at least 5 x the limit: 10 here, though the configured pool is 3.
    assertThat(scan.asked).containsExactly(10);
  }

  @Test
  void thePriorLiftsAPopularItemWithinThePool() {
    Map<String, Double> prior = Map.of("c", 1.0);
    var ranker = new Ranker<>(new Scan(ITEMS), id -> prior.getOrDefault(id, 0.0));

    // c: 0.5 + 0.5 * 1 = 1.0 beats a (0.9).
    var list = ranker.rank(QUERY, 2, id -> false, new Ranking(0.5, 1.0, 200));

    assertThat(ids(list)).containsExactly("c", "a");
    assertThat(list.get(0).relevance()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void aPriorCannotReachAnItemOutsideThePool() {
    Map<String, Double> prior = Map.of("far", 1.0);
    var ranker = new Ranker<>(new Scan(ITEMS), id -> prior.getOrDefault(id, 0.0));

    // A pool of 5 (limit 1 x 5) holds every item; far: -1 + 3 = 2 wins. With 4 items left out, it cannot.
    assertThat(ids(ranker.rank(QUERY, 1, id -> false, new Ranking(3.0, 1.0, 1)))).containsExactly("far");
    assertThat(ids(ranker.rank(QUERY, 1, id -> id.equals("c"), new Ranking(3.0, 1.0, 1))))
        .containsExactly("far");
  }

  @Test
  void diversityPushesANearDuplicateDown() {
    var ranker = new Ranker<>(new Scan(ITEMS), id -> 0.0);

    // λ = 0.5: after a, a-twin scores 0.5·0.89 − 0.5·cos(a, a-twin) ≈ −0.055, b 0.5·0.7 − 0.5·cos(a, b) ≈ 0.038;
    // third, a-twin (−0.055) still beats c (0.25 − 0.5·0.78) and far (−0.5 + 0.5·0.71).
    var diverse = ranker.rank(QUERY, 3, id -> false, new Ranking(0.0, 0.5, 200));

    assertThat(ids(diverse)).containsExactly("a", "b", "a-twin");
    assertThat(ids(ranker.rank(QUERY, 3, id -> false, new Ranking(0.0, 1.0, 200))))
        .as("λ = 1 keeps the relevance order").containsExactly("a", "a-twin", "b");
  }

  @Test
  void fewerItemsThanTheLimitWhenTheSourceRunsOut() {
    var ranker = new Ranker<>(new Scan(Map.of("only", new float[] {1f, 0f})), id -> 0.0);

    assertThat(ids(ranker.rank(QUERY, 10, id -> false, new Ranking(0.0, 0.7, 200)))).containsExactly("only");
    assertThat(ranker.rank(QUERY, 10, id -> true, Ranking.PLAIN)).isEmpty();
  }

  @Test
  void equalRelevanceKeepsTheSourceOrder() {
    Map<String, float[]> tied = Map.of("x", new float[] {1f, 0f}, "y", new float[] {1f, 0f}, "z", new float[] {1f, 0f});
    var ranker = new Ranker<>(new Scan(tied), id -> 0.0);

    assertThat(ids(ranker.rank(QUERY, 3, id -> false, Ranking.PLAIN))).containsExactly("x", "y", "z");
  }

  /** "a" lies 10 km from the query's place, "b" at it, "c" 1 km from it; "a-twin" and "far" have no place. */
  private static final Map<String, Place> PLACES = Map.of(
      "a", new Place(40.0 + 10 / 111.19508, -74.0),
      "b", new Place(40.0, -74.0),
      "c", new Place(40.0 + 1 / 111.19508, -74.0));
  private static final QueryContext HERE = new QueryContext(new Place(40.0, -74.0));

  @Test
  void thePlacePriorLiftsANearItemWithinThePoolByItsDecayedWeight() {
    var ranker = new Ranker<>(new Scan(ITEMS), id -> 0.0, PLACES::get, Ranker.PlaceSource.none());
    Ranking near = Ranking.PLAIN.withPlace(new io.ebb.model.PlacePrior(0.3, 1.0));

    var list = ranker.rank(QUERY, 3, id -> false, near, HERE);

    // b: 0.7 + 0.3 = 1.0; a: 0.9 + 0.3·e^−10 = 0.900014; a-twin 0.89 (no place); c: 0.5 + 0.3/e = 0.6104
    assertThat(ids(list)).containsExactly("b", "a", "a-twin");
    assertThat(list.get(0).relevance()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(list.get(0).distanceKm()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(list.get(1).relevance())
        .isCloseTo(0.9 + 0.3 * Math.exp(-10), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(list.get(1).distanceKm()).isCloseTo(10.0, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(list.get(2).placeBoost()).isZero();
    assertThat(Double.isNaN(list.get(2).distanceKm())).isTrue();
  }

  @Test
  void withoutAPlaceInTheQueryOrWithThePriorOffNothingMoves() {
    var ranker = new Ranker<>(new Scan(ITEMS), id -> 0.0, PLACES::get, Ranker.PlaceSource.none());
    Ranking near = Ranking.PLAIN.withPlace(new io.ebb.model.PlacePrior(0.3, 1.0));

    assertThat(ids(ranker.rank(QUERY, 3, id -> false, near, QueryContext.NONE))).containsExactly("a", "a-twin", "b");
    assertThat(ids(ranker.rank(QUERY, 3, id -> false, Ranking.PLAIN, HERE))).containsExactly("a", "a-twin", "b");
  }

  @Test
  void nearYouIsSaidOnlyWhereThePriorGaveAtLeastHalfItsWeight() {
    var prior = new io.ebb.model.PlacePrior(0.3, 1.0);
    // half the weight is reached at scale · ln 2 = 0.693 km
    assertThat(Reasons.nearKm(new Ranker.Ranked<>("x", 1, QUERY, 0.5, prior.boost(0.5)), prior)).isEqualTo(0.5);
    assertThat(Reasons.nearKm(new Ranker.Ranked<>("x", 1, QUERY, 0.8, prior.boost(0.8)), prior)).isNaN();
    assertThat(Reasons.nearKm(new Ranker.Ranked<>("x", 1, QUERY), prior)).isNaN();
    assertThat(Phrases.distance(0.4321)).isEqualTo("432 m");
    assertThat(Phrases.distance(2.349)).isEqualTo("2.3 km");
  }

  @Test
  void itemsNearTheUserJoinThePoolSoThePriorCanReachWhatTasteDoesNotPropose() {
    Ranker.Source<String> tasteOnlyFindsA = (query, k, excluded) ->
        List.of(new Ranker.Neighbour<>("a", 0.9, ITEMS.get("a")));
    List<String> asked = new ArrayList<>();
    Ranker.PlaceSource<String> nearHere = (here, query, k, excluded) -> {
      asked.add(here + " " + k);
      return List.of(
          new Ranker.Neighbour<>("b", 0.7, ITEMS.get("b")), new Ranker.Neighbour<>("a", 0.9, ITEMS.get("a")));
    };
    var ranker = new Ranker<>(tasteOnlyFindsA, id -> 0.0, PLACES::get, nearHere);
    Ranking near = Ranking.PLAIN.withPlace(new io.ebb.model.PlacePrior(0.3, 1.0));

    // b: 0.7 + 0.3 = 1.0 before a: 0.9 + 0.3·e^−10; a, offered twice, is ranked once
    assertThat(ids(ranker.rank(QUERY, 3, id -> false, near, HERE))).containsExactly("b", "a");
    assertThat(asked).containsExactly(HERE.place() + " 200");
    assertThat(ids(ranker.rank(QUERY, 3, id -> false, near, QueryContext.NONE))).containsExactly("a");
    assertThat(ids(ranker.rank(QUERY, 3, id -> false, Ranking.PLAIN, HERE))).containsExactly("a");
    assertThat(asked).hasSize(1);
  }
}
