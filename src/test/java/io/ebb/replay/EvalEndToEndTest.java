package io.ebb.replay;

import io.ebb.model.ModelJson;
import io.ebb.model.ServingModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebb.app.EvalCommand;
import io.ebb.replay.data.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ebb eval} on the real ml-latest-small, with the small grid: the real embedding model, the real fold,
 * the report and the plot. The tuned Ebb must beat the popularity baseline on the test targets.
 */
class EvalEndToEndTest {

  @TempDir
  Path dir;

  @Test
  void evalOnMlLatestSmallBeatsPopularityAndWritesItsReportAndPlot() throws Exception {
    Path data = RealData.mlLatestSmall();
    Path report = dir.resolve("r.json");
    Path plot = dir.resolve("r.png");
    Path cache = dir.resolve("text-vectors.bin");

    int exit = new CommandLine(new EvalCommand()).execute(
        "--movielens", data.toString(), "--grid", "small", "--report", report.toString(), "--plot", plot.toString(),
        "--text-cache", cache.toString());

    assertThat(exit).isZero();
    JsonNode r = new ObjectMapper().readTree(report.toFile());
    double ebb = r.at("/methods/ebb/test/ndcg@10").asDouble();
    double popularity = r.at("/methods/popularity/test/ndcg@10").asDouble();
    assertThat(popularity).isPositive();
    assertThat(ebb).isGreaterThan(popularity);
    for (String method : new String[] {"popularity", "itemknn", "ebb-nodecay", "ebb"}) {
      for (String part : new String[] {"validation", "test"}) {
        for (String metric : new String[] {"ndcg@10", "hr@10", "mrr", "coverage"}) {
          assertThat(r.at("/methods/" + method + "/" + part + "/" + metric).isNumber())
              .as("methods.%s.%s.\"%s\"", method, part, metric).isTrue();
        }
      }
    }
    assertThat(r.at("/methods/ebb/test/targets").asInt()).isEqualTo(610);
    // No item has a place: no place prior is tried. Time context is, and served only where validation gains.
    assertThat(r.at("/place/tried").asBoolean()).isFalse();
    assertThat(r.has("methods") && r.get("methods").has("nearby-popular")).isFalse();
    assertThat(r.at("/time/tried").asBoolean()).isTrue();
    assertThat(r.at("/time/settings")).hasSize(6);
    assertThat(r.at("/methods/ebb/validation/ndcg@10").asDouble())
        .isGreaterThanOrEqualTo(r.at("/methods/ebb-nocontext/validation/ndcg@10").asDouble());
    assertThat(r.at("/time/chosen").asBoolean())
        .isEqualTo(ModelJson.fromJson(r.get("best")).interest().time().isOn())
        .isEqualTo(r.at("/methods/ebb/validation/ndcg@10").asDouble()
            > r.at("/methods/ebb-nocontext/validation/ndcg@10").asDouble());
    assertThat(r.get("sweep")).hasSize(12);
    assertThat(r.get("protocol").asText()).contains("leave-one-out", "5-core", "validation", "full ranking");
    assertThat(ModelJson.fromJson(r.get("best"))).isEqualTo(ModelJson.fromJson(r.at("/methods/ebb/setting")));
    assertThat(r.at("/cold/coldItems").isInt()).isTrue();
    // Files record no captures: the summariser's are simulated, and the stated shares are tried on top of the best.
    assertThat(r.at("/stated/source").asText()).isEqualTo("simulated (ebb-summariser/1)");
    assertThat(r.at("/stated/captures").asInt()).isGreaterThan(1000);
    assertThat(r.at("/stated/settings")).hasSize(4);
    assertThat(r.at("/methods/ebb-stated/test/ndcg@10").isNumber()).isTrue();
    assertThat(r.at("/stated/chosen").asBoolean())
        .isEqualTo(ModelJson.fromJson(r.get("best")).interest().stated().mix() > 0);
    byte[] png = Files.readAllBytes(plot);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(cache).isRegularFile();

    // A second view, time-split, from the cached text vectors.
    Path timesplit = dir.resolve("t.json");
    exit = new CommandLine(new EvalCommand()).execute(
        "--movielens", data.toString(), "--grid", "small", "--protocol", "timesplit", "--report", timesplit.toString(),
        "--text-cache", cache.toString());
    assertThat(exit).isZero();
    JsonNode t = new ObjectMapper().readTree(timesplit.toFile());
    assertThat(t.get("protocolName").asText()).isEqualTo("timesplit");
    assertThat(t.at("/methods/ebb/test/targets").asInt()).isPositive();
  }
}
