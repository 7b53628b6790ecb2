package io.ebb.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebb.interest.Decay;
import io.ebb.interest.EventType;
import io.ebb.interest.EventWeights;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.StatedSettings;
import io.ebb.interest.TimeSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model is stored, read back by every node and printed in reports in one JSON form: it must round-trip. */
class ModelJsonTest {

  private static ServingModel model() {
    InterestSettings interest = InterestSettings.defaults()
        .withHorizons(List.of(
            new HorizonSettings("short", Duration.ofSeconds(30), 0.8),
            new HorizonSettings("long", Decay.NEVER, 0.2)))
        .withWeights(EventWeights.defaults().withRate(0.0, 1.0).with(EventType.SKIP, -1.5));
    return new ServingModel(7, Instant.parse("2026-12-01T10:00:00Z"), "tune: test", interest,
        new ItemSpace(0.25, 1.0, CfParams.defaults().withAsymmetric(true)), new Ranking(0.1, 0.9, 50));
  }

  @Test
  void aModelRoundTripsThroughJsonText() {
    ServingModel m = model();

    String text = ModelJson.write(m);
    ServingModel back = ModelJson.read(text);

    assertThat(back).isEqualTo(m);
    assertThat(back.interest().version()).isEqualTo(7);
    assertThat(text).contains("\"halfLife\":\"PT30S\"", "\"halfLife\":\"never\"", "\"skip\":-1.5",
        "\"diversityLambda\":0.9", "\"candidatePool\":50", "\"asymmetric\":true", "diversity 0.9", "pool 50");
  }

  @Test
  void aStatedShareRoundTrips() {
    ServingModel m = model();
    ServingModel stated = m.withInterest(m.interest().withStated(new StatedSettings(Duration.ofDays(1), 0.25)));

    ServingModel back = ModelJson.read(ModelJson.write(stated));

    assertThat(back).isEqualTo(stated).isNotEqualTo(m);
    assertThat(ModelJson.write(stated)).contains("\"stated\":{\"halfLife\":\"P1D\",\"mix\":0.25}", "stated 1d×0.25");
  }

  @Test
  void aPlacePriorRoundTripsAndAModelStoredWithoutOneHasNone() {
    ServingModel m = model();
    ServingModel near = m.withRanking(m.ranking().withPlace(new PlacePrior(0.3, 2.0)));

    String text = ModelJson.write(near);

    assertThat(ModelJson.read(text)).isEqualTo(near).isNotEqualTo(m);
    assertThat(text).contains("\"place\":{\"weight\":0.3,\"scaleKm\":2.0}", "near 0.3·e^(−d/2km)");
    var old = ModelJson.toJson(near);
    ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("ranking")).remove("place");
    assertThat(ModelJson.fromJson(old).ranking().place()).isEqualTo(PlacePrior.OFF);
    assertThat(ModelJson.fromJson(old)).isEqualTo(m);
  }

  @Test
  void timeContextRoundTripsAndAModelStoredWithoutItHasNone() {
    ServingModel m = model();
    ServingModel timed = m.withInterest(m.interest().withTime(
        new TimeSettings(Duration.ofDays(90), 0.4, java.time.ZoneId.of("America/New_York"))));

    String text = ModelJson.write(timed);

    assertThat(ModelJson.read(text)).isEqualTo(timed).isNotEqualTo(m);
    assertThat(text).contains(
        "\"time\":{\"halfLife\":\"P90D\",\"share\":0.4,\"defaultZone\":\"America/New_York\"}", "time 90d×0.4");
    var old = ModelJson.toJson(timed);
    ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("interest")).remove("time");
    assertThat(ModelJson.fromJson(old).interest().time()).isEqualTo(TimeSettings.OFF);
    assertThat(ModelJson.read(ModelJson.write(m)).interest().time().defaultZone()).isEqualTo(java.time.ZoneOffset.UTC);
  }

  @Test
  void aBadTimeSettingIsNamed() {
    var badZone = ModelJson.toJson(model());
    ((com.fasterxml.jackson.databind.node.ObjectNode) badZone.get("interest")).putObject("time")
        .put("halfLife", "P30D").put("share", 0.2).put("defaultZone", "Mars/Olympus_Mons");
    assertThatThrownBy(() -> ModelJson.fromJson(badZone)).hasMessageContaining("interest.time.defaultZone")
        .hasMessageContaining("Mars/Olympus_Mons");

    var wholeShare = ModelJson.toJson(model());
    ((com.fasterxml.jackson.databind.node.ObjectNode) wholeShare.get("interest")).putObject("time")
        .put("halfLife", "P30D").put("share", 1.0).put("defaultZone", "Z");
    assertThatThrownBy(() -> ModelJson.fromJson(wholeShare)).hasMessageContaining("interest.time")
        .hasMessageContaining("share");
  }

  @Test
  void aRecentPopularityShareRoundTripsAndAModelStoredWithoutOneHasNone() {
    ServingModel m = model();
    ServingModel recent = m.withRanking(m.ranking().withPopularityRecency(0.5));

    String text = ModelJson.write(recent);

    assertThat(ModelJson.read(text)).isEqualTo(recent).isNotEqualTo(m);
    assertThat(text).contains("\"popularityRecency\":0.5", "(recent 0.5)");
    var old = ModelJson.toJson(recent);
    ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("ranking")).remove("popularityRecency");
    assertThat(ModelJson.fromJson(old)).isEqualTo(m);

    var beyond = ModelJson.toJson(m);
    ((com.fasterxml.jackson.databind.node.ObjectNode) beyond.get("ranking")).put("popularityRecency", 1.5);
    assertThatThrownBy(() -> ModelJson.fromJson(beyond)).hasMessageContaining("ranking")
        .hasMessageContaining("popularityRecency");
  }

  @Test
  void aBadPlacePriorIsNamed() {
    var negative = ModelJson.toJson(model());
    ((com.fasterxml.jackson.databind.node.ObjectNode) negative.get("ranking")).putObject("place")
        .put("weight", -1.0).put("scaleKm", 1.0);
    assertThatThrownBy(() -> ModelJson.fromJson(negative)).hasMessageContaining("ranking.place")
        .hasMessageContaining("weight");

    var noScale = ModelJson.toJson(model());
    ((com.fasterxml.jackson.databind.node.ObjectNode) noScale.get("ranking")).putObject("place").put("weight", 1.0);
    assertThatThrownBy(() -> ModelJson.fromJson(noScale)).hasMessageContaining("\"scaleKm\"");
  }

  @Test
  void aMissingOrWrongFieldIsNamed() {
    var json = ModelJson.toJson(model());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("items")).remove("cfWeight");
    assertThatThrownBy(() -> ModelJson.fromJson(json)).hasMessageContaining("\"cfWeight\"");

    var pool = ModelJson.toJson(model());
    ((com.fasterxml.jackson.databind.node.ObjectNode) pool.get("ranking")).put("candidatePool", 0);
    assertThatThrownBy(() -> ModelJson.fromJson(pool)).hasMessageContaining("candidatePool");

    assertThatThrownBy(() -> ModelJson.read("{not json")).hasMessageContaining("not JSON");
  }

  @Test
  void anItemSpaceBlendsAndSplitsStoredCollaborativeVectors() {
    ItemSpace symmetric = new ItemSpace(0.5, 2.0, CfParams.defaults().withDimension(2));
    assertThat(symmetric.of(new float[] {1, 1}, new float[] {1, -1})).containsExactly(0.5f, 0.5f, 2f, -2f);
    assertThat(symmetric.of(new float[] {1, 1}, null)).containsExactly(0.5f, 0.5f, 0f, 0f);
    assertThat(ItemSpace.TEXT_ONLY.of(new float[] {1, 1}, new float[] {3, 3})).containsExactly(1f, 1f);

    ItemSpace asymmetric = symmetric.withCf(CfParams.defaults().withDimension(2).withAsymmetric(true));
    float[] stored = ItemSpace.stored(new float[] {1, 2}, new float[] {3, 4});
    assertThat(asymmetric.historyPart(stored)).containsExactly(1f, 2f);
    assertThat(asymmetric.candidatePart(stored)).containsExactly(3f, 4f);
    assertThat(symmetric.candidatePart(stored)).as("a pair under a symmetric space: unusable").isNull();
    assertThat(asymmetric.candidatePart(new float[] {5, 6})).containsExactly(5f, 6f);
    assertThatThrownBy(() -> new ItemSpace(0, 0, CfParams.defaults())).hasMessageContaining("not both 0");
  }
}
