package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.app.EvalCommand;
import io.ebb.model.ModelJson;
import io.ebb.replay.data.RealData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ebb eval --gowalla} on the slice of real check-ins the tests carry, with the small grid and the real
 * embedding model over the venue names: the place baselines and the place prior, off and on, side by side.
 */
class GowallaEvalTest {

  @TempDir
  Path dir;

  @Test
  void evalOnCheckInsReportsThePlacePriorOffAndOnBesideThePlaceBaseline() throws Exception {
    Path report = dir.resolve("r.json");

    int exit = new CommandLine(new EvalCommand()).execute(
        "--gowalla", RealData.gowallaNycSlice().toString(), "--grid", "small", "--report", report.toString(),
        "--text-cache", dir.resolve("text-vectors.bin").toString());

    assertThat(exit).isZero();
    JsonNode r = new ObjectMapper().readTree(report.toFile());
    for (String method : new String[] {"popularity", "itemknn", "nearby-popular", "ebb-nocontext", "ebb"}) {
      assertThat(r.at("/methods/" + method + "/test/ndcg@10").isNumber()).as(method).isTrue();
      assertThat(r.at("/methods/" + method + "/test/targets").asInt()).as(method).isEqualTo(181);
    }
    assertThat(r.at("/methods/ebb-nocontext/setting/ranking/place/weight").asDouble()).isZero();
    assertThat(r.at("/place/tried").asBoolean()).isTrue();
    // 20 place priors, then the best with popularity weights other than its own
    int tried = PlaceSweep.standard().size();
    assertThat(r.at("/place/settings").size()).isBetween(tried - 1, tried);
    assertThat(NearbyPopular.SCALES_KM).contains(r.at("/place/nearbyPopularScaleKm").asDouble());
    // The place prior is chosen only when validation prefers it; either way ebb is the better of the two there.
    double with = r.at("/methods/ebb/validation/ndcg@10").asDouble();
    double without = r.at("/methods/ebb-nocontext/validation/ndcg@10").asDouble();
    assertThat(with).isGreaterThanOrEqualTo(without);
    boolean chosen = r.at("/place/chosen").asBoolean();
    assertThat(ModelJson.fromJson(r.get("best")).ranking().place().isOn()).isEqualTo(chosen);
    assertThat(chosen).isEqualTo(with > without);
  }
}
