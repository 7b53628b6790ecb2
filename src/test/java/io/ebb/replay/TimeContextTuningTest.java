package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.EventType;
import io.ebb.model.ModelJson;
import io.ebb.model.ServingModel;
import io.ebb.replay.data.Interaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where morning and evening tastes differ, the tuner finds a time share: each user has coffee in the mornings and
 * goes to jazz in the evenings, and the last thing done before a morning target was the evening's jazz (and
 * before an evening target the morning's coffee), so a short horizon alone points the wrong way; the interest of
 * the target's own daypart points the right one.
 */
class TimeContextTuningTest {

  private static final int USERS = 24;
  private static final long HOUR = StatedFixtures.HOUR;
  private static final long DAY = StatedFixtures.DAY;
  /** Monday 2023-11-13 00:00 UTC. */
  private static final long MONDAY = 1_699_833_600_000L;

  /**
   * Genre 0 ("g0-k", coffee) at 08:00 UTC and genre 1 ("g1-k", jazz) at 20:00 UTC, four weekdays running, each
   * user on its own rotation of the eight items of each; then the fifth day's 08:00 (validation target, coffee)
   * and 20:00 (test target, jazz).
   */
  static io.ebb.replay.data.Dataset morningsAndEvenings() {
    List<Interaction> events = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      String user = "u" + u;
      for (int d = 0; d < 5; d++) {
        long day = MONDAY + d * DAY;
        events.add(view(user, "g0-" + ((u + d) % StatedFixtures.PER_GENRE), day + 8 * HOUR));
        events.add(view(user, "g1-" + ((u + 3 * d) % StatedFixtures.PER_GENRE), day + 20 * HOUR));
      }
    }
    return StatedFixtures.dataset(StatedFixtures.genreItems(), events, List.of());
  }

  private static Interaction view(String user, String item, long at) {
    return new Interaction(user, item, at, EventType.VIEW, null);
  }

  @Test
  void whereMorningAndEveningTastesDifferATimeShareIsChosenOnValidation() throws IOException {
    TuneResult r = Tuner.tune(morningsAndEvenings(), Protocol.LOO, StatedFixtures.genreText(),
        List.of(StatedFixtures.textOnly()), StatedSweep.OFF, RankingSweep.OFF, TimeSweep.standard(),
        ProgressListener.silent());

    TuneResult.TimeComparison time = r.time();
    assertThat(time.tried()).isTrue();
    assertThat(time.settings()).hasSize(TimeSweep.standard().size());
    assertThat(time.without().setting().interest().time().isOn()).isFalse();
    assertThat(time.with().setting().interest().time().isOn()).isTrue();
    // Without time context the 30-second horizon holds the other daypart's genre: the target's genre ranks below
    // the user's three unseen items of the wrong genre. With it, the target's daypart leads.
    assertThat(time.with().validation().all().ndcg10())
        .isGreaterThan(time.without().validation().all().ndcg10() + 0.2);
    assertThat(time.with().test().all().ndcg10()).isGreaterThan(time.without().test().all().ndcg10() + 0.2);
    assertThat(r.best()).isEqualTo(time.with().setting());
    assertThat(r.methods()).containsKeys("ebb", "ebb-nocontext", "ebb-time").doesNotContainKey("ebb-place");
    assertThat(r.methods().get("ebb-nocontext").setting()).isEqualTo(StatedFixtures.textOnly());
    assertThat(r.best().label()).contains(", time ");

    var json = Report.toJson(r);
    assertThat(json.at("/time/chosen").asBoolean()).isTrue();
    assertThat(json.at("/time/settings")).hasSize(TimeSweep.standard().size());
    assertThat(json.at("/time/with/test/ndcg@10").asDouble()).isEqualTo(time.with().test().all().ndcg10());
    ServingModel served = ModelJson.fromJson(json.get("best"));
    assertThat(served.interest().time().share()).isPositive();
    assertThat(StatedFixtures.printed(r)).contains("Time context (per-bucket interest", "| off |", "chosen");
  }

  @Test
  void switchedOffNoTimeSettingIsTried() throws IOException {
    TuneResult r = Tuner.tune(morningsAndEvenings(), Protocol.LOO, StatedFixtures.genreText(),
        List.of(StatedFixtures.textOnly()), StatedSweep.OFF, RankingSweep.OFF, TimeSweep.OFF,
        ProgressListener.silent());

    assertThat(r.time().tried()).isFalse();
    assertThat(r.methods()).doesNotContainKey("ebb-time");
    assertThat(Report.toJson(r).at("/time/tried").asBoolean()).isFalse();
  }
}
