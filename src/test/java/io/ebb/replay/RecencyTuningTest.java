package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebb.interest.EventType;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.model.ItemSpace;
import io.ebb.model.ModelJson;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.rank.Recency;
import io.ebb.replay.data.Interaction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where what is popular now is not what was ever popular, the tuner finds a share of recent counts: a crowd of
 * other users made genre 1 the all-time favourite three weeks ago, then the users of genre 0 each go, one after
 * another, to the same new item of genre 2 (the validation targets) and the next day to one of genre 3 (the
 * test targets). An all-time count points at genre 1; a count fading over 3 days points at the item everyone goes to.
 */
class RecencyTuningTest {

  private static final long HOUR = StatedFixtures.HOUR;
  private static final long DAY = StatedFixtures.DAY;
  private static final long START = 1_699_833_600_000L;
  private static final int USERS = 24;
  private static final Duration HALF_LIFE = Duration.ofDays(3);

  static io.ebb.replay.data.Dataset aNewFavourite() {
    List<Interaction> events = new ArrayList<>();
    for (int b = 0; b < USERS; b++) {
      for (int k = 0; k < 5; k++) {
        events.add(view("crowd" + b, "g1-" + k, START + b * HOUR + k * 60_000L));
      }
    }
    for (int u = 0; u < USERS; u++) {
      String user = "u" + u;
      for (int k = 0; k < 4; k++) {
        events.add(view(user, "g0-" + ((u + k) % StatedFixtures.PER_GENRE), START + 10 * DAY + u * HOUR + k * 60_000L));
      }
      events.add(view(user, "g2-0", START + 20 * DAY + u * 10 * 60_000L));
      events.add(view(user, "g3-0", START + 21 * DAY + u * 10 * 60_000L));
    }
    return StatedFixtures.dataset(StatedFixtures.genreItems(), events, List.of());
  }

  /** Text vectors, a 30-day horizon (the taste of ten days ago has not faded), no popularity prior. */
  private static ServingModel monthLong() {
    InterestSettings s = InterestSettings.defaults()
        .withHorizons(List.of(new HorizonSettings("long", Duration.ofDays(30), 1.0)))
        .withWeights(Grid.weights());
    return ServingModel.candidate(s, ItemSpace.TEXT_ONLY, Ranking.PLAIN);
  }

  private static Interaction view(String user, String item, long at) {
    return new Interaction(user, item, at, EventType.VIEW, null);
  }

  @Test
  void theRecentPriorOfATargetIsTheFadedCountOfEveryEventBeforeIt() {
    Split split = Split.of(aNewFavourite(), Protocol.LOO);
    Recency recency = new Recency(HALF_LIFE);
    Split.Target target = split.validation().stream()
        .filter(t -> split.users().get(t.user()).userId().equals("u6")).findFirst().orElseThrow();
    float[] prior = split.recentPriors(List.of(target), recency)[0];

    // Before u6's validation target: u0…u5 went to g2-0, 10, 20, …, 60 minutes earlier; the crowd's g1-0 is
    // three weeks old.
    double newItem = 0;
    for (int u = 0; u < 6; u++) {
      newItem += Math.pow(2, -((6 - u) * 10 * 60_000.0) / HALF_LIFE.toMillis());
    }
    double crowd = 0;
    for (int b = 0; b < USERS; b++) {
      crowd += Math.pow(2, -(target.epochMilli() - (START + b * HOUR)) / (double) HALF_LIFE.toMillis());
    }
    assertThat(prior[split.indexOf("g2-0")]).isCloseTo(1.0f, within(1e-6f));
    assertThat((double) prior[split.indexOf("g1-0")])
        .isCloseTo(Math.log1p(crowd) / Math.log1p(newItem), within(1e-3));
  }

  @Test
  void whereWhatIsPopularNowIsNotWhatWasEverPopularARecentShareIsChosenOnValidation() throws IOException {
    TuneResult r = Tuner.tune(aNewFavourite(), Protocol.LOO, StatedFixtures.genreText(),
        List.of(monthLong()), StatedSweep.OFF, RankingSweep.OFF, TimeSweep.OFF,
        RecencySweep.standard(HALF_LIFE), ProgressListener.silent());

    TuneResult.RecencyComparison recency = r.recency();
    assertThat(recency.tried()).isTrue();
    assertThat(recency.halfLife()).isEqualTo(HALF_LIFE);
    assertThat(recency.without().setting().ranking().usesRecency()).isFalse();
    assertThat(recency.with().setting().ranking().usesRecency()).isTrue();
    assertThat(recency.with().validation().all().ndcg10())
        .isGreaterThan(recency.without().validation().all().ndcg10() + 0.1);
    assertThat(recency.with().test().all().ndcg10()).isGreaterThan(recency.without().test().all().ndcg10() + 0.1);
    assertThat(r.best()).isEqualTo(recency.with().setting());
    assertThat(r.methods()).containsKeys("ebb", "ebb-nocontext", "ebb-recent");
    assertThat(r.best().label()).contains("(recent ");

    var json = Report.toJson(r);
    assertThat(json.at("/recency/chosen").asBoolean()).isTrue();
    assertThat(json.at("/recency/halfLife").asText()).isEqualTo("PT72H");
    assertThat(json.at("/recency/settings").size()).isEqualTo(recency.settings().size()).isGreaterThan(2);
    ServingModel served = ModelJson.fromJson(json.get("best"));
    assertThat(served.ranking().popularityRecency()).isPositive();
    assertThat(StatedFixtures.printed(r)).contains("Recent popularity (a share of the popularity prior", "chosen");
  }

  @Test
  void switchedOffNoShareIsTried() throws IOException {
    TuneResult r = Tuner.tune(aNewFavourite(), Protocol.LOO, StatedFixtures.genreText(),
        List.of(monthLong()), StatedSweep.OFF, RankingSweep.OFF, TimeSweep.OFF,
        RecencySweep.OFF, ProgressListener.silent());

    assertThat(r.recency().tried()).isFalse();
    assertThat(r.best().ranking().usesRecency()).isFalse();
    assertThat(r.methods()).doesNotContainKey("ebb-recent");
    assertThat(Report.toJson(r).at("/recency/tried").asBoolean()).isFalse();
  }
}
