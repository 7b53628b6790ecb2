package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.TimeSettings;
import io.ebb.model.ItemSpace;
import io.ebb.model.PlacePrior;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.settings.SettingsStore;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestModels;
import io.ebb.testing.TestNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, under a served model with time context and a place prior (applied as {@code ebb tune --apply}
 * applies one): a user who has coffee in the mornings and goes to jazz in the evenings, in New York, gets a
 * different list for a different hour ({@code at} with {@code context.tz}) and for a different position
 * ({@code context.lat}/{@code lon}); the profile shows the time buckets; a zone that is none is a 400.
 */
class TimeRecommendationTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final String TZ = "context.tz=America/New_York";
  private static final String UNION_SQUARE = "context.lat=40.7359&context.lon=-73.9911";
  private static final String TIMES_SQUARE = "context.lat=40.7580&context.lon=-73.9855";

  @Test
  void theSameUserGetsCoffeeInTheMorningAndJazzInTheEveningNearWhereItAsks() throws Exception {
    String run = "time-" + UUID.randomUUID().toString().substring(0, 8);
    String espressoUnion = run + "-espresso-union";
    String espressoTimes = run + "-espresso-times";
    String jazzUnion = run + "-jazz-union";
    String jazzTimes = run + "-jazz-times";
    List<String> seen = List.of(run + "-roaster", run + "-cafe", run + "-lounge", run + "-blues");
    List<String> items = new ArrayList<>(List.of(espressoUnion, espressoTimes, jazzUnion, jazzTimes));
    items.addAll(seen);
    SettingsStore models = new SettingsStore(TestCassandra.get().session());
    EbbNode node = TestNode.start(Map.of("ebb.settings.poll-interval", "1s"));
    try {
      Http http = new Http(node.httpPort());
      put(http, espressoUnion, "Espresso bar", 40.7362, -73.9905);
      put(http, espressoTimes, "Espresso bar and coffee shop", 40.7578, -73.9857);
      put(http, jazzUnion, "Jazz club with live bands", 40.7365, -73.9915);
      put(http, jazzTimes, "Jazz club", 40.7583, -73.9850);
      put(http, seen.get(0), "Coffee roaster", 40.7470, -73.9880);
      put(http, seen.get(1), "Coffee shop with pastries", 40.7472, -73.9882);
      put(http, seen.get(2), "Jazz lounge", 40.7474, -73.9884);
      put(http, seen.get(3), "Blues and jazz bar", 40.7476, -73.9886);

      // A weekday at least a week back, so the hours asked for a week later are the same weekday.
      LocalDate day = LocalDate.now(NEW_YORK).minusDays(8);
      while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
        day = day.minusDays(1);
      }
      String user = run + "-user";
      post(http, user, seen.get(0), at(day, 8, 0));
      post(http, user, seen.get(1), at(day, 8, 30));
      post(http, user, seen.get(2), at(day, 20, 0));
      post(http, user, seen.get(3), at(day, 20, 30));

      InterestSettings timed = InterestSettings.defaults()
          .withTime(new TimeSettings(Duration.ofDays(30), 0.6, java.time.ZoneOffset.UTC));
      ServingModel applied = models.apply(new ServingModel(1, Instant.now(), "test: time context", timed,
          ItemSpace.TEXT_ONLY, new Ranking(0.0, 1.0, 200, new PlacePrior(5.0, 1.0))), Instant.now());
      http.awaitModelVersion(user, applied.version());

      String morning = "at=" + at(day.plusDays(7), 8, 0) + "&" + TZ;
      String evening = "at=" + at(day.plusDays(7), 20, 0) + "&" + TZ;
      JsonNode morningUnion = recommend(http, user, morning + "&" + UNION_SQUARE);
      JsonNode eveningUnion = recommend(http, user, evening + "&" + UNION_SQUARE);
      JsonNode morningTimes = recommend(http, user, morning + "&" + TIMES_SQUARE);
      JsonNode eveningTimes = recommend(http, user, evening + "&" + TIMES_SQUARE);

      // Near where it asks, the hour's taste decides: coffee in the morning, jazz in the evening
      assertThat(Http.itemIds(morningUnion)).startsWith(espressoUnion, jazzUnion);
      assertThat(Http.itemIds(eveningUnion)).startsWith(jazzUnion, espressoUnion);
      assertThat(Http.itemIds(morningTimes)).startsWith(espressoTimes, jazzTimes);
      assertThat(Http.itemIds(eveningTimes)).startsWith(jazzTimes, espressoTimes);
      assertThat(morningUnion.get(0).path("reasons").toString()).contains("near you", "weekday mornings");
      assertThat(eveningUnion.get(0).path("reasons").toString()).contains("weekday evenings");

      // The same instant in another zone is another hour: 08:00 in New York is 13:00 in UTC (afternoon: empty)
      JsonNode morningUtc = recommend(http, user, "at=" + at(day.plusDays(7), 8, 0) + "&context.tz=Z&"
          + UNION_SQUARE);
      assertThat(morningUtc.get(0).path("reasons").toString()).doesNotContain("weekday");

      Http.Response profile = http.get("/v1/users/" + user + "/interests?" + evening);
      assertThat(profile.status()).as(profile.body().toString()).isEqualTo(200);
      JsonNode time = profile.body().at("/context/time");
      assertThat(time.path("bucket").asText()).isEqualTo("weekday evening");
      assertThat(time.path("halfLife").asText()).isEqualTo("P30D");
      assertThat(time.at("/buckets/weekday evening").asDouble()).isPositive();
      assertThat(time.at("/buckets/weekday morning").asDouble()).isPositive();
      assertThat(time.at("/buckets/weekend night").asDouble()).isZero();
      assertThat(profile.body().at("/context/place/lat").asDouble()).isEqualTo(40.7476);

      Http.Response badQuery = http.get("/v1/users/" + user + "/recommendations?context.tz=Mars/Olympus_Mons");
      assertThat(badQuery.status()).isEqualTo(400);
      assertThat(badQuery.body().path("field").asText()).isEqualTo("context.tz");
      Http.Response badEvent = http.post("/v1/events", Http.json(Map.of(
          "userId", user, "itemId", seen.get(0), "type", "view", "context", Map.of("tz", "+25:00"))));
      assertThat(badEvent.status()).isEqualTo(400);
      assertThat(badEvent.body().path("field").asText()).isEqualTo("context.tz");
    } finally {
      node.close();
      TestModels.restoreDefaults(models);
      TestCatalog.deleteItems(items);
    }
  }

  private static String at(LocalDate day, int hour, int minute) {
    return day.atTime(LocalTime.of(hour, minute)).atZone(NEW_YORK).toInstant().toString();
  }

  private static void put(Http http, String id, String title, double lat, double lon) {
    Http.Response r = http.put("/v1/items/" + id, Http.json(Map.of(
        "title", title, "attributes", Map.of("lat", lat, "lon", lon))));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
  }

  private static void post(Http http, String user, String item, String timestamp) {
    Http.Response r = http.post("/v1/events", Http.json(Map.of(
        "userId", user, "itemId", item, "type", "view", "timestamp", timestamp,
        "context", Map.of("tz", "America/New_York", "lat", "40.7476", "lon", "-73.9886"))));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
  }

  private static JsonNode recommend(Http http, String user, String query) {
    Http.Response r = http.get("/v1/users/" + user + "/recommendations?limit=4&" + query);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.body().path("items");
  }
}
