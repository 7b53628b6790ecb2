package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ebb.app.EbbNode;
import io.ebb.catalog.ItemStore;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.model.CfParams;
import io.ebb.model.ItemSpace;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.settings.SettingsStore;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestModels;
import io.ebb.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a new serving model is applied (another item space: text plus collaborative vectors, and steep decay), no
 * recommendation request answers 5xx whatever the user's state: an entity still awake under the old model, a user
 * whose interest has decayed to nothing, a cold user (events on items not in the catalog), an unknown user. The
 * awake entity's first answer after the switch is already made under the new model. Also {@code at=}.
 */
class ModelAdoptionTest {

  private static final int CF = 8;

  @Test
  void everyUserIsAnsweredUnderTheNewModel() throws Exception {
    String run = "adopt-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> items = List.of(run + "-heat", run + "-ronin", run + "-amelie");
    SettingsStore models = new SettingsStore(TestCassandra.get().session());
    EbbNode node = TestNode.start(Map.of("ebb.settings.poll-interval", "1s"));
    try {
      Http http = new Http(node.httpPort());
      assertThat(http.put("/v1/items/" + items.get(0),
          "{\"title\": \"Heat\", \"tags\": [\"crime\"]}").status()).isEqualTo(200);
      assertThat(http.put("/v1/items/" + items.get(1),
          "{\"title\": \"Ronin\", \"tags\": [\"crime\", \"action\"]}").status()).isEqualTo(200);
      assertThat(http.put("/v1/items/" + items.get(2),
          "{\"title\": \"Amelie\", \"tags\": [\"romance\"]}").status()).isEqualTo(200);
      ItemStore store = new ItemStore(TestCassandra.get().session(), new ObjectMapper()
          .registerModule(new JavaTimeModule()));
      for (int i = 0; i < items.size(); i++) {
        float[] cf = new float[CF];
        cf[i] = 1f;
        store.updateCfVector(items.get(i), cf).toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      String awake = run + "-awake";
      String decayed = run + "-decayed";
      String cold = run + "-cold";
      String probe = run + "-probe";
      Instant lastHour = Instant.now().minus(Duration.ofHours(1));
      post(http, awake, items.get(0), lastHour);
      post(http, probe, items.get(0), lastHour);
      post(http, decayed, items.get(1), Instant.parse("2020-01-01T00:00:00Z"));
      post(http, cold, run + "-not-in-catalog", lastHour);
      assertThat(http.get("/v1/users/" + awake + "/recommendations").status()).isEqualTo(200);
      int before = http.get("/v1/users/" + probe + "/interests").body().path("settingsVersion").asInt();

      InterestSettings steep = InterestSettings.defaults()
          .withHorizons(List.of(new HorizonSettings("short", Duration.ofSeconds(1), 1.0)));
      ServingModel applied = models.apply(
          new ServingModel(1, Instant.now(), "test: steep decay, cf", steep,
              new ItemSpace(0.1, 1.0, CfParams.defaults().withDimension(CF)), new Ranking(0.0, 0.9, 50)),
          Instant.now());
      assertThat(applied.version()).isGreaterThan(before);
      http.awaitModelVersion(probe, applied.version());

      // The awake entity was folded under the old model: its first answer comes from a rebuilt incarnation.
      Http.Response first = http.get("/v1/users/" + awake + "/recommendations?limit=2");
      assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
      assertThat(first.body().path("items").get(0).path("reasons").toString()).doesNotContain("popular");
      assertThat(http.get("/v1/users/" + awake + "/interests").body().path("settingsVersion").asInt())
          .isEqualTo(applied.version());

      for (String user : List.of(decayed, cold, run + "-unknown")) {
        Http.Response r = http.get("/v1/users/" + user + "/recommendations?limit=2");
        assertThat(r.status()).as(user + ": " + r.body()).isEqualTo(200);
        assertThat(r.body().path("items").size()).as(user).isEqualTo(2);
      }
      Http.Response decayedProfile = http.get("/v1/users/" + decayed + "/interests");
      assertThat(decayedProfile.body().path("horizons").path("short").path("norm").asDouble()).isZero();

      // at=: as of a later instant, echoed; before the last event a 400 naming at.
      String later = Instant.now().plus(Duration.ofDays(365)).toString();
      Http.Response ahead = http.get("/v1/users/" + awake + "/recommendations?limit=2&at=" + later);
      assertThat(ahead.status()).isEqualTo(200);
      assertThat(ahead.body().path("at").asText()).isEqualTo(later);
      assertThat(http.get("/v1/users/" + awake + "/interests?at=" + later).body().path("at").asText())
          .isEqualTo(later);
      Http.Response tooEarly = http.get("/v1/users/" + awake + "/recommendations?at=2019-01-01T00:00:00Z");
      assertThat(tooEarly.status()).isEqualTo(400);
      assertThat(tooEarly.body().path("field").asText()).isEqualTo("at");
      Http.Response earlyProfile = http.get("/v1/users/" + awake + "/interests?at=2019-01-01T00:00:00Z");
      assertThat(earlyProfile.body().path("field").asText()).isEqualTo("at");
      Http.Response malformed = http.get("/v1/users/" + awake + "/recommendations?at=yesterday");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.body().path("field").asText()).isEqualTo("at");
    } finally {
      node.close();
      TestModels.restoreDefaults(models);
      TestCatalog.deleteItems(items);
    }
  }

  private static void post(Http http, String user, String item, Instant at) {
    Http.Response r = http.post("/v1/events", Http.json(Map.of(
        "userId", user, "itemId", item, "type", "view", "timestamp", at.toString())));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
  }
}
