package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.interest.InterestSettings;
import io.ebb.model.ItemSpace;
import io.ebb.model.PlacePrior;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.settings.SettingsStore;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestModels;
import io.ebb.testing.TestNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, under a served model with a place prior (applied as {@code ebb tune --apply} applies one): the
 * same user, asked from two places with {@code context.lat}/{@code lon}, gets two different lists, each led by the
 * café near where it was asked from, with the reason "near you"; asked without a position, the position of the
 * user's last event counts.
 */
class PlaceRecommendationTest {

  private static final String UNION_SQUARE = "context.lat=40.7359&context.lon=-73.9911";
  private static final String TIMES_SQUARE = "context.lat=40.7580&context.lon=-73.9855";

  @Test
  void theSameUserGetsTheCafeNearWhereItAsksFrom() throws Exception {
    String run = "place-" + UUID.randomUUID().toString().substring(0, 8);
    String downtown = run + "-downtown";
    String midtown = run + "-midtown";
    String roaster = run + "-roaster";
    List<String> items = List.of(downtown, midtown, roaster);
    SettingsStore models = new SettingsStore(TestCassandra.get().session());
    EbbNode node = TestNode.start(Map.of("ebb.settings.poll-interval", "1s"));
    try {
      Http http = new Http(node.httpPort());
      put(http, downtown, "Espresso bar", 40.7362, -73.9905);
      put(http, midtown, "Espresso bar and bakery", 40.7578, -73.9857);
      put(http, roaster, "Coffee roaster", 40.7420, -73.9890);
      String user = run + "-user";
      Http.Response posted = http.post("/v1/events", Http.json(Map.of(
          "userId", user, "itemId", roaster, "type", "view", "timestamp", Instant.now().minusSeconds(60).toString(),
          "context", Map.of("lat", "40.7581", "lon", "-73.9856"))));
      assertThat(posted.status()).as(posted.body().toString()).isEqualTo(202);

      ServingModel applied = models.apply(new ServingModel(1, Instant.now(), "test: place prior",
          InterestSettings.defaults(), ItemSpace.TEXT_ONLY, new Ranking(0.0, 1.0, 200, new PlacePrior(5.0, 1.0))),
          Instant.now());
      http.awaitModelVersion(user, applied.version());

      JsonNode nearUnion = recommend(http, user, UNION_SQUARE);
      JsonNode nearTimes = recommend(http, user, TIMES_SQUARE);
      JsonNode asLastSeen = recommend(http, user, "");

      assertThat(Http.itemIds(nearUnion)).startsWith(downtown, midtown);
      assertThat(Http.itemIds(nearTimes)).startsWith(midtown, downtown);
      assertThat(Http.itemIds(nearUnion)).isNotEqualTo(Http.itemIds(nearTimes));
      // 0.07 km from Union Square's point: "near you (68 m)"; the other café is 2.4 km off, its lift 5·e^−2.4
      assertThat(nearUnion.get(0).path("reasons").get(0).asText()).matches("near you \\(\\d+ m\\)");
      assertThat(nearUnion.get(1).path("reasons").toString()).doesNotContain("near you");
      assertThat(Http.itemIds(asLastSeen)).startsWith(midtown, downtown);
    } finally {
      node.close();
      TestModels.restoreDefaults(models);
      TestCatalog.deleteItems(items);
    }
  }

  private static void put(Http http, String id, String title, double lat, double lon) {
    Http.Response r = http.put("/v1/items/" + id, Http.json(Map.of(
        "title", title, "tags", List.of("coffee"), "attributes", Map.of("lat", lat, "lon", lon))));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
  }

  private static JsonNode recommend(Http http, String user, String context) {
    Http.Response r = http.get("/v1/users/" + user + "/recommendations?limit=5" + (context.isEmpty() ? "" : "&")
        + context);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.body().path("items");
  }
}
