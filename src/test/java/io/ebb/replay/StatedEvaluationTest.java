package io.ebb.replay;

import io.ebb.model.ModelJson;
import io.ebb.model.ServingModel;
import static io.ebb.replay.StatedFixtures.BASE;
import static io.ebb.replay.StatedFixtures.MINUTE;
import static io.ebb.replay.StatedFixtures.SIMULATION;
import static io.ebb.replay.StatedFixtures.rate;
import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.interest.StatedSettings;
import io.ebb.interest.StatedTopic;
import io.ebb.llm.StatedInterest;
import io.ebb.replay.CaptureSimulation.Simulated;
import io.ebb.replay.Evaluator.Part;
import io.ebb.replay.Split.Target;
import io.ebb.replay.Split.UserEvents;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.RecordedCapture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The stated component in the evaluator's fold: simulated captures when sessions go idle, recorded ones from a
 * journal, and nothing at all (to the bit) while the stated mix is 0.
 */
class StatedEvaluationTest {

  /** Event times of every user of {@link #sessions}: gaps of 1m, 6m, 1m, 5m (exactly idle-after) and 7m. */
  private static final long[] AT = {0, MINUTE, 7 * MINUTE, 8 * MINUTE, 13 * MINUTE, 20 * MINUTE};

  /** Five users who each rate items i0..i5 (tagged t0..t5) at {@link #AT}: validation at 13m, test at 20m. */
  private static Dataset sessions(List<RecordedCapture> captures) {
    List<DatasetItem> items = new ArrayList<>();
    List<Interaction> events = new ArrayList<>();
    for (int k = 0; k < AT.length; k++) {
      items.add(new DatasetItem("i" + k, "Film " + k, "", List.of("t" + k)));
    }
    for (int u = 0; u < 5; u++) {
      for (int k = 0; k < AT.length; k++) {
        events.add(rate("u" + u, "i" + k, BASE + AT[k]));
      }
    }
    return StatedFixtures.dataset(items, events, captures);
  }

  private static ServingModel statedOn(ServingModel c, double mix) {
    return c.withInterest(c.interest().withStated(new StatedSettings(Duration.ofDays(3), mix)));
  }

  @Test
  void withMixZeroTheCapturesChangeNothingToTheBit() throws IOException {
    Split split = Split.of(StatedFixtures.genreDataset(), Protocol.LOO);
    ServingModel c = StatedFixtures.textOnly();
    TextSource text = StatedFixtures.genreText();
    ItemVectors vectors = Tuner.itemVectors(text.vectors(split.items()), null, c);
    StatedCaptures captures =
        SIMULATION.simulate(split, c.interest(), text).inItemSpace(c.items()::ofText);
    assertThat(captures.count()).as("four gaps of an hour and one of a day per user").isEqualTo(20 * 5);
    Evaluator evaluator = new Evaluator(split);

    for (Part part : Part.values()) {
      List<Target> targets = evaluator.targets(part);
      float[][] without = evaluator.queries(targets, c.interest(), vectors.fold());
      float[][] with = evaluator.queries(targets, c.interest(), vectors.fold(), captures);
      for (Target t : targets) {
        assertThat(with[t.index()]).as("query of target %d", t.index()).isEqualTo(without[t.index()]);
      }
      assertThat(evaluator.evaluateEbb(part, c, vectors, captures))
          .isEqualTo(evaluator.evaluateEbb(part, c, vectors));
      // The same captures with a share do move every query: the test above could fail.
      float[][] moved = evaluator.queries(targets, statedOn(c, 0.25).interest(), vectors.fold(), captures);
      for (Target t : targets) {
        assertThat(moved[t.index()]).isNotEqualTo(without[t.index()]);
      }
    }
  }

  @Test
  void aCaptureHappensOncePerIdleGapAtTheEarlierEventPlusIdleAfter() {
    Split split = Split.of(sessions(List.of()), Protocol.LOO);

    List<List<Simulated>> schedule = SIMULATION.schedule(split, StatedFixtures.textOnly().interest());

    assertThat(schedule).hasSize(5);
    for (List<Simulated> user : schedule) {
      // 0→1m and 7m→8m are one session each; 1m→7m, 8m→13m (exactly 5m) and 13m→20m went idle.
      assertThat(user).extracting(Simulated::epochMilli)
          .containsExactly(BASE + 6 * MINUTE, BASE + 13 * MINUTE, BASE + 18 * MINUTE);
      assertThat(topics(user.get(0))).containsExactlyInAnyOrder("t0", "t1");
      assertThat(topics(user.get(1))).containsExactlyInAnyOrder("t0", "t1", "t2", "t3");
      assertThat(topics(user.get(2))).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4");
      assertThat(user.get(0).answer().summary()).as("recent items, newest first")
          .startsWith("Recently: Film 1, Film 0");
      assertThat(user.get(0).answer().modelId()).isEqualTo("ebb-summariser/1");
    }
  }

  private static List<String> topics(Simulated capture) {
    return capture.answer().interests().stream().map(StatedInterest::topic).toList();
  }

  @Test
  void onlyCapturesStrictlyBeforeAQueryAreFoldedIntoIt() throws IOException {
    Split split = Split.of(sessions(List.of()), Protocol.LOO);
    ServingModel c = statedOn(StatedFixtures.textOnly(), 0.5);
    TextSource text = StatedFixtures.hashedText(16);
    ItemVectors vectors = Tuner.itemVectors(text.vectors(split.items()), null, c);
    StatedCaptures captures =
        SIMULATION.simulate(split, c.interest(), text).inItemSpace(c.items()::ofText);
    Evaluator evaluator = new Evaluator(split);

    float[][] validation = evaluator.queries(split.validation(), c.interest(), vectors.fold(), captures);
    float[][] test = evaluator.queries(split.test(), c.interest(), vectors.fold(), captures);

    for (Target t : split.validation()) {
      List<StatedCaptures.Capture> mine = captures.of(t.user());
      assertThat(t.epochMilli()).isEqualTo(BASE + 13 * MINUTE);
      // The capture at 13m is not strictly before the query at 13m.
      assertThat(validation[t.index()])
          .isEqualTo(query(split, c, vectors, t, mine.subList(0, 1)))
          .isNotEqualTo(query(split, c, vectors, t, mine.subList(0, 2)));
    }
    for (Target t : split.test()) {
      assertThat(test[t.index()]).isEqualTo(query(split, c, vectors, t, captures.of(t.user())));
    }
  }

  /** The service's fold by hand: the user's events before the target, then {@code folded}, read at its instant. */
  private static float[] query(
      Split split, ServingModel c, ItemVectors vectors, Target t, List<StatedCaptures.Capture> folded) {
    InterestSettings s = c.interest();
    UserEvents u = split.users().get(t.user());
    InterestState state = InterestState.empty(s);
    for (int i = 0; i < t.position(); i++) {
      state = state.apply(s, Instant.ofEpochMilli(u.times()[i]), s.weights().weightOf(u.types()[i], u.value(i)),
          vectors.fold()[u.items()[i]], List.of());
    }
    for (StatedCaptures.Capture capture : folded) {
      state = state.capture(s, Instant.ofEpochMilli(capture.epochMilli()), capture.topics(), capture.vectors());
    }
    return state.queryVector(s, Instant.ofEpochMilli(t.epochMilli()));
  }

  @Test
  void recordedCapturesAreFoldedAsRecordedInsteadOfSimulated() throws IOException {
    int dim = 16;
    List<RecordedCapture> recorded = List.of(
        capture("u0", 2 * MINUTE, "heist films", dim),
        capture("u0", 3 * MINUTE, "another model", dim + 1), // of another dimension: left out
        capture("u0", 13 * MINUTE, "slow cinema", dim), // at the validation instant: only for the test query
        capture("u0", 25 * MINUTE, "after everything", dim),
        capture("nobody", 4 * MINUTE, "a user the filter dropped", dim));
    Split split = Split.of(sessions(recorded), Protocol.LOO);
    assertThat(split.recordedCaptureCount()).isEqualTo(4);
    ServingModel c = statedOn(StatedFixtures.textOnly(), 0.5);
    TextSource text = StatedFixtures.hashedText(dim);
    ItemVectors vectors = Tuner.itemVectors(text.vectors(split.items()), null, c);

    StatedCaptures captures = StatedCaptures.recorded(split, dim);

    assertThat(captures.source()).isEqualTo("recorded (model-x)");
    assertThat(captures.count()).isEqualTo(3);
    List<StatedCaptures.Capture> mine = captures.of(0);
    assertThat(mine).extracting(StatedCaptures.Capture::epochMilli)
        .containsExactly(BASE + 2 * MINUTE, BASE + 13 * MINUTE, BASE + 25 * MINUTE);
    assertThat(mine.get(0).topics()).containsExactly(new StatedTopic("heist films", 0.8));
    assertThat(mine.get(0).vectors().get(0)).isEqualTo(StatedFixtures.randomUnit("heist films", dim));

    Evaluator evaluator = new Evaluator(split);
    Target validation = split.validation().get(0);
    Target test = split.test().get(0);
    assertThat(evaluator.queries(split.validation(), c.interest(), vectors.fold(), captures)[validation.index()])
        .isEqualTo(query(split, c, vectors, validation, mine.subList(0, 1)));
    assertThat(evaluator.queries(split.test(), c.interest(), vectors.fold(), captures)[test.index()])
        .isEqualTo(query(split, c, vectors, test, mine.subList(0, 2)));

    // The tuner takes the recorded ones: simulating would have given three captures to each of the five users.
    TuneResult r = Tuner.tune(sessions(recorded), Protocol.LOO, text,
        List.of(StatedFixtures.textOnly()), new StatedSweep(List.of(0.5), List.of(Duration.ofDays(3)), SIMULATION),
        ProgressListener.silent());
    assertThat(r.stated().source()).isEqualTo("recorded (model-x)");
    assertThat(r.stated().captures()).isEqualTo(3);
    assertThat(r.stated().tried()).isTrue();
  }

  private static RecordedCapture capture(String user, long at, String topic, int dim) {
    return new RecordedCapture(user, BASE + at,
        List.of(new RecordedCapture.Topic(topic, 0.8, "short", StatedFixtures.randomUnit(topic, dim))), "model-x");
  }

  @Test
  void whereTheGenrePredictsTheTargetAStatedShareIsChosenOnValidation() throws IOException {
    List<String> progress = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void phase(String message) {}

      @Override
      public void settingDone(int done, int total, Duration elapsed, ServingModel candidate, MetricSet validation) {
        progress.add(done + "/" + total);
      }
    };

    TuneResult r = Tuner.tune(StatedFixtures.genreDataset(), Protocol.LOO, StatedFixtures.genreText(),
        List.of(StatedFixtures.textOnly()), StatedSweep.standard(SIMULATION), RankingSweep.OFF, TimeSweep.OFF, listener);

    assertThat(progress).containsExactly("1/5", "2/5", "3/5", "4/5", "5/5");
    TuneResult.StatedComparison stated = r.stated();
    assertThat(stated.source()).isEqualTo("simulated (ebb-summariser/1)");
    assertThat(stated.captures()).isEqualTo(100);
    assertThat(stated.settings()).hasSize(4);
    assertThat(stated.without().setting().usesStated()).isFalse();
    assertThat(stated.with().setting().usesStated()).isTrue();
    // A 30-second horizon sees only the off-genre film before the target; the captures remember the genre.
    assertThat(stated.with().validation().all().ndcg10())
        .isGreaterThan(stated.without().validation().all().ndcg10() + 0.2);
    // Before the test target the horizon has an F film again: the share helps no further, nor hurts.
    assertThat(stated.with().test().all().ndcg10()).isGreaterThanOrEqualTo(stated.without().test().all().ndcg10());
    assertThat(r.best()).isEqualTo(stated.with().setting());
    assertThat(r.methods()).containsKeys("ebb", "ebb-unstated", "ebb-stated");
    assertThat(r.methods().get("ebb").setting()).isEqualTo(r.best());
    assertThat(r.methods().get("ebb-unstated").setting()).isEqualTo(StatedFixtures.textOnly());
    assertThat(r.best().label()).contains(", stated ");

    var json = Report.toJson(r);
    assertThat(json.at("/stated/chosen").asBoolean()).isTrue();
    assertThat(json.at("/stated/effect/validationNdcg@10").asDouble()).isGreaterThan(0.2);
    assertThat(json.at("/stated/settings")).hasSize(4);
    assertThat(json.at("/stated/with/test/hr@10").isNumber()).isTrue();
    assertThat(ModelJson.fromJson(json.get("best")).interest().stated().mix()).isPositive();
    assertThat(StatedFixtures.printed(r)).contains(
        "Stated interests (ebb-stated): simulated (ebb-summariser/1), 100 captures", "| off (mix 0) |",
        "chosen: stated ");
  }

  @Test
  void switchedOffNoShareIsTriedAndTheSweepIsTheSame() throws IOException {
    List<ServingModel> grid = List.of(StatedFixtures.textOnly());

    TuneResult off = Tuner.tune(StatedFixtures.genreDataset(), Protocol.LOO, StatedFixtures.genreText(), grid,
        StatedSweep.OFF, RankingSweep.OFF, TimeSweep.OFF, ProgressListener.silent());
    TuneResult on = Tuner.tune(StatedFixtures.genreDataset(), Protocol.LOO, StatedFixtures.genreText(), grid,
        StatedSweep.standard(SIMULATION), RankingSweep.OFF, TimeSweep.OFF, ProgressListener.silent());

    assertThat(off.stated().tried()).isFalse();
    assertThat(off.stated().source()).isEqualTo("off");
    assertThat(off.best().usesStated()).isFalse();
    assertThat(off.methods()).doesNotContainKeys("ebb-stated", "ebb-unstated");
    assertThat(off.sweep()).isEqualTo(on.sweep());
    assertThat(off.methods().get("ebb").validation()).isEqualTo(on.methods().get("ebb-unstated").validation());
    assertThat(off.methods().get("ebb").test()).isEqualTo(on.methods().get("ebb-unstated").test());
    assertThat(Report.toJson(off).at("/stated/with").isNull()).isTrue();
    assertThat(StatedFixtures.printed(off))
        .contains("Stated interests: off, 0 captures; no stated share tried, mix stays 0.");
  }

  @Test
  void theLabelNamesAStatedShare() {
    ServingModel c = statedOn(StatedFixtures.textOnly(), 0.25);
    assertThat(c.label()).endsWith(", stated 3d×0.25");
    assertThat(StatedFixtures.textOnly().label()).doesNotContain("stated");
    assertThat(Stream.of(c, StatedFixtures.textOnly()).filter(ServingModel::usesStated)).containsExactly(c);
  }
}
