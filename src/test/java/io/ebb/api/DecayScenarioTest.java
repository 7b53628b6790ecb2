package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenario end to end: a user who watched sci-fi a month ago and romantic comedies in the
 * last hour is recommended romantic comedies first, still has the sci-fi interest in the profile, and gets the same
 * answer after the node restarts (state recovered from the Cassandra journal, catalog from Cassandra).
 */
class DecayScenarioTest {

  static final List<String[]> SCI_FI =
      List.of(
          new String[] {"Interstellar Voyage", "Astronauts travel through a wormhole to find a new home among distant stars."},
          new String[] {"Starship Horizon", "The crew of a starship fights an alien armada at the edge of the galaxy."},
          new String[] {"Mars Colony", "Settlers on Mars struggle to survive when the terraforming machines fail."},
          new String[] {"Orbital Station", "A space station drifts out of orbit and its engineers race to save it."},
          new String[] {"Galactic Empire", "Rebels challenge an empire that rules a thousand star systems with battle cruisers."},
          new String[] {"Alien Signal", "Scientists decode a radio signal from an alien civilisation in deep space."},
          new String[] {"The Last Planet", "Humanity's final spaceship searches the cosmos for a habitable planet."},
          new String[] {"Nebula Pirates", "Space pirates raid cargo ships in a glowing nebula far from Earth."},
          new String[] {"Robot Uprising", "Androids on a lunar base turn against their human creators."},
          new String[] {"Quantum Drive", "An experimental faster-than-light engine hurls a spacecraft across the galaxy."},
          new String[] {"Asteroid Miners", "Miners on an asteroid belt discover an ancient alien artifact."},
          new String[] {"Cyborg Frontier", "A cyborg marshal keeps the peace on a remote space colony."},
          new String[] {"Solar Storm", "A solar flare threatens the spacecraft fleet orbiting Jupiter."},
          new String[] {"Time Rift", "A starship crew is thrown through a rift in spacetime into the far future."},
          new String[] {"Dark Matter", "Physicists aboard a research vessel in orbit uncover a cosmic weapon."},
          new String[] {"Moonbase Alpha", "Astronauts on the moon fight to keep their base alive after Earth goes silent."},
          new String[] {"Star Legion", "Soldiers of an interstellar legion battle insectoid aliens on a desert planet."},
          new String[] {"Hyperspace", "Smugglers jump through hyperspace to escape a galactic war."},
          new String[] {"Exoplanet", "Explorers land on an alien world covered by a living ocean."},
          new String[] {"Cosmic Odyssey", "A lone astronaut drifts past Saturn and meets an alien intelligence."});

  static final List<String[]> ROMCOM =
      List.of(
          new String[] {"Love in Paris", "Two strangers fall in love during a funny, charming week in Paris."},
          new String[] {"The Wedding Planner's Date", "A wedding planner falls for the groom's brother in a romantic comedy of errors."},
          new String[] {"Coffee for Two", "A barista and a regular customer flirt, bicker and fall in love."},
          new String[] {"Accidental Valentine", "A mix-up on Valentine's Day leads two rivals into a sweet romance."},
          new String[] {"Kiss at Midnight", "Old friends realise they love each other at a New Year's Eve party."},
          new String[] {"Runaway Bride Again", "A bride flees her wedding and finds love with a witty reporter."},
          new String[] {"Notes of Love", "A songwriter and a florist write love letters in a heartwarming comedy."},
          new String[] {"Dating Disaster", "A hopeless romantic survives a string of hilarious first dates."},
          new String[] {"Summer Fling", "A summer romance on the Italian coast turns into true love."},
          new String[] {"The Matchmaker", "A matchmaker who never dates falls for her latest client."},
          new String[] {"Meet Cute", "Two neighbours keep meeting by chance and fall in love in a funny romance."},
          new String[] {"Holiday Sweethearts", "A couple pretends to be engaged for the holidays and falls in love for real."},
          new String[] {"Love Actually Maybe", "Interwoven stories of couples falling in love at Christmas in London."},
          new String[] {"Bridesmaid Blues", "A bridesmaid's comic mishaps lead her to an unexpected romance."},
          new String[] {"Second Chance Romance", "Former sweethearts reunite at a high-school reunion and rekindle love."},
          new String[] {"The Proposal Plan", "A clumsy boyfriend plans the perfect marriage proposal with hilarious results."},
          new String[] {"Bookshop Love Story", "A bookshop owner and a famous actress fall in love in a charming comedy."},
          new String[] {"Wedding Crashers Date", "Two friends crash weddings and one falls in love with a bride's sister."},
          new String[] {"Romance on Ice", "A figure skater and a hockey player bicker and fall in love."},
          new String[] {"First Date Again", "A woman relives her first date every day until she finds true love."});

  @Test
  void recentRomanceOutranksOlderSciFiAndSurvivesARestart() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    String user = "u-scenario-" + run;
    Map<String, String> genreOf = new LinkedHashMap<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String sf = "sf-" + run + "-" + i;
      String rc = "rc-" + run + "-" + i;
      genreOf.put(sf, "sci-fi");
      genreOf.put(rc, "romcom");
      items.add(Map.of("itemId", sf, "title", SCI_FI.get(i)[0], "description", SCI_FI.get(i)[1], "tags", List.of("sci-fi", "space")));
      items.add(Map.of("itemId", rc, "title", ROMCOM.get(i)[0], "description", ROMCOM.get(i)[1], "tags", List.of("romance", "comedy")));
    }
    Instant now = Instant.now();
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(event(user, "sf-" + run + "-" + i, now.minus(Duration.ofDays(30)).plusSeconds(i * 60L)));
    }
    for (int i = 0; i < 3; i++) {
      events.add(event(user, "rc-" + run + "-" + i, now.minus(Duration.ofMinutes(50 - i * 10L))));
    }
    Set<String> seen = new HashSet<>();
    events.forEach(e -> seen.add((String) e.get("itemId")));

    List<String> before;
    EbbNode node = TestNode.start();
    try {
      Http http = new Http(node.httpPort());
      assertThat(http.post("/v1/items", Http.json(Map.of("items", items))).status()).isEqualTo(200);
      assertThat(http.post("/v1/events/batch", Http.json(Map.of("events", events))).status()).isEqualTo(202);

      before = recommendations(http, user);
      assertThat(before).hasSize(10).doesNotContainAnyElementsOf(seen);
      assertThat(before.subList(0, 3)).allMatch(id -> "romcom".equals(genreOf.get(id)), "romantic comedies");

      JsonNode profile = http.get("/v1/users/" + user + "/interests").body();
      assertThat(profile.path("eventCount").asLong()).isEqualTo(13);
      List<String> tags = new ArrayList<>();
      profile.path("topTags").forEach(t -> tags.add(t.path("tag").asText()));
      assertThat(tags).contains("sci-fi", "romance");
      assertThat(profile.path("horizons").path("short").path("halfLife").asText()).isEqualTo("PT6H");
      assertThat(profile.path("horizons").path("long").path("halfLife").asText()).isEqualTo("P30D");
    } finally {
      node.close();
    }

    EbbNode restarted = TestNode.start();
    try {
      List<String> after = recommendations(new Http(restarted.httpPort()), user);
      assertThat(after.subList(0, 3)).isEqualTo(before.subList(0, 3));
      assertThat(new HashSet<>(after)).isEqualTo(new HashSet<>(before));
    } finally {
      restarted.close();
    }
  }

  private static Map<String, Object> event(String user, String item, Instant at) {
    return Map.of("userId", user, "itemId", item, "type", "view", "timestamp", at.toString());
  }

  private static List<String> recommendations(Http http, String user) {
    Http.Response r = http.get("/v1/users/" + user + "/recommendations?limit=10");
    assertThat(r.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.body().path("items").forEach(i -> ids.add(i.path("itemId").asText()));
    r.body().path("items").forEach(i -> assertThat(i.path("reasons").size()).isPositive());
    return ids;
  }
}
