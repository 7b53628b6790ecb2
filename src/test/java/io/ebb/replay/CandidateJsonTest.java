package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.interest.Decay;
import io.ebb.interest.EventType;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.StatedSettings;
import io.ebb.replay.cf.CfParams;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chosen setting goes into the report and must come back as the same settings. */
class CandidateJsonTest {

  @Test
  void aCandidateRoundTripsThroughJsonText() throws Exception {
    InterestSettings interest = InterestSettings.defaults()
        .withHorizons(List.of(
            new HorizonSettings("short", Duration.ofSeconds(30), 0.8),
            new HorizonSettings("long", Decay.NEVER, 0.2)))
        .withWeights(Grid.weights().with(EventType.SKIP, -1.5))
        .withVersion(7);
    Candidate c = new Candidate(interest, 0.1, 0.25, 1.0, CfParams.defaults().withAsymmetric(true));

    ObjectMapper mapper = new ObjectMapper();
    String text = mapper.writeValueAsString(CandidateJson.toJson(c));
    Candidate back = CandidateJson.fromJson(mapper.readTree(text));

    assertThat(back).isEqualTo(c);
    assertThat(text).contains("\"halfLife\":\"PT30S\"", "\"halfLife\":\"never\"", "\"skip\":-1.5");
  }

  @Test
  void aStatedShareRoundTrips() throws Exception {
    Candidate c = Grid.small(CfParams.defaults()).get(0);
    Candidate stated = c.withInterest(c.interest().withStated(new StatedSettings(Duration.ofDays(1), 0.25)));

    ObjectMapper mapper = new ObjectMapper();
    String text = mapper.writeValueAsString(CandidateJson.toJson(stated));
    Candidate back = CandidateJson.fromJson(mapper.readTree(text));

    assertThat(back).isEqualTo(stated).isNotEqualTo(c);
    assertThat(back.interest().stated()).isEqualTo(new StatedSettings(Duration.ofDays(1), 0.25));
    assertThat(text).contains("\"stated\":{\"halfLife\":\"P1D\",\"mix\":0.25}", "stated 1d×0.25");
  }

  @Test
  void aMissingFieldIsNamed() throws Exception {
    var json = CandidateJson.toJson(Grid.small(CfParams.defaults()).get(0));
    json.remove("cfWeight");

    assertThatThrownBy(() -> CandidateJson.fromJson(json)).hasMessageContaining("\"cfWeight\"");
  }
}
