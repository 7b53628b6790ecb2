package io.ebb.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebb.interest.EventType;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.InterestState;
import io.ebb.model.ItemSpace;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.interest.VectorMath;
import io.ebb.rank.Relevance;
import io.ebb.replay.Evaluator.Part;
import io.ebb.replay.Split.Target;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.DatasetReport;
import io.ebb.replay.data.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The evaluator's vectorised scoring gives what the service's fold and relevance give one item at a time. */
class EvaluatorTest {

  @Test
  void batchScoresEqualTheFoldAndRelevanceOfTheService() {
    Random random = new Random(3);
    List<Interaction> events = new ArrayList<>();
    for (int u = 0; u < 12; u++) {
      for (int k = 0; k < 8; k++) {
        String item = String.valueOf(random.nextInt(10));
        events.add(new Interaction("u" + u, item, 60_000L * (u * 100 + k * (1 + random.nextInt(5))), EventType.RATE,
            0.5 + random.nextInt(10) * 0.5));
      }
    }
    List<DatasetItem> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(new DatasetItem(String.valueOf(i), "item " + i, "", List.of()));
    }
    Split split = Split.of(new Dataset("random", items, events, new DatasetReport(events.size(), 0, List.of())),
        Protocol.LOO);
    float[][] vectors = new float[split.itemCount()][5];
    for (float[] v : vectors) {
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) random.nextGaussian();
      }
    }
    InterestSettings settings = InterestSettings.defaults().withHorizons(List.of(
        new HorizonSettings("short", Duration.ofMinutes(5), 0.7),
        new HorizonSettings("long", Duration.ofDays(1), 0.3)));
    double popularityWeight = 0.3;
    Evaluator evaluator = new Evaluator(split);

    float[][] batch = new float[split.test().size()][split.itemCount()];
    Evaluator.BlockScorer scorer = evaluator.relevanceScorer(Part.TEST,
        ServingModel.candidate(settings, ItemSpace.TEXT_ONLY, Ranking.PLAIN.withPopularityWeight(popularityWeight)),
        ItemVectors.symmetric(vectors));
    scorer.score(split.test(), batch);

    float[][] priors = evaluator.priors(Part.TEST);
    for (Target t : split.test()) {
      Split.UserEvents u = split.users().get(t.user());
      InterestState state = InterestState.empty(settings);
      for (int i = 0; i < t.position(); i++) {
        state = state.apply(settings, Instant.ofEpochMilli(u.times()[i]),
            settings.weights().weightOf(u.types()[i], u.value(i)), vectors[u.items()[i]], List.of());
      }
      float[] query = state.queryVector(settings, Instant.ofEpochMilli(t.epochMilli()));
      for (int j = 0; j < split.itemCount(); j++) {
        double similarity = query.length == 0 ? 0 : VectorMath.dot(query, vectors[j]);
        double expected = Relevance.score(similarity, priors[t.index()][j], popularityWeight);
        assertThat((double) batch[t.index()][j]).as("user %s item %d", u.userId(), j)
            .isCloseTo(expected, within(1e-5));
      }
    }
  }
}
