package io.ebb.app;

import io.ebb.model.ModelJson;
import io.ebb.model.ServingModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.ebb.api.Http;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.interest.StatedSettings;

import io.ebb.replay.CaptureSimulation;
import io.ebb.replay.Evaluator;
import io.ebb.replay.Grid;
import io.ebb.replay.ItemVectors;
import io.ebb.replay.ProgressListener;
import io.ebb.replay.Protocol;
import io.ebb.replay.Split;
import io.ebb.replay.StatedCaptures;
import io.ebb.replay.StatedSweep;
import io.ebb.replay.TextSource;
import io.ebb.replay.TuneResult;
import io.ebb.replay.Tuner;

import io.ebb.model.CfParams;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.DatasetReport;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.RecordedCapture;
import io.ebb.replay.journal.JournalReader;
import io.ebb.testing.TestCatalog;
import io.ebb.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Captures of stated interests that a running service recorded in its journal (the built-in summariser, asked
 * when a session went idle) are what tuning folds: read back through Persistence Query, folded before the queries
 * that come after them, and named as recorded in the report.
 */
class TuneRecordedCapturesTest {

  private static final int USERS = 10;
  private static final int ITEMS = 10;

  @Test
  void tuneFoldsTheCapturesTheServiceRecorded() throws Exception {
    String run = "rc-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> fastIdle = Map.of("ebb.llm.idle-after", "1s", "ebb.user.tick-interval", "1s");
    EbbNode node = TestNode.start(fastIdle);
    List<DatasetItem> items = new ArrayList<>();
    for (int k = 0; k < ITEMS; k++) {
      items.add(new DatasetItem(run + "-i" + k, "Film " + k, "", List.of("genre-" + k % 2)));
    }
    try {
      Http http = new Http(node.httpPort());
      for (DatasetItem item : items) {
        assertThat(http.put("/v1/items/" + item.itemId(),
            Http.json(Map.of("title", item.title(), "tags", item.tags()))).status()).isEqualTo(200);
      }
      // Each user rates 7 of the 10 items: four an hour back in time, then (after the session went idle and was
      // captured) three more now, so the validation and test targets come after the capture.
      Instant start = Instant.now().minus(Duration.ofHours(1));
      for (int u = 0; u < USERS; u++) {
        for (int j = 0; j < 4; j++) {
          rate(http, run, u, j, start.plus(Duration.ofMinutes(j)));
        }
      }
      for (int u = 0; u < USERS; u++) {
        awaitStated(http, run + "-u" + u);
      }
      for (int u = 0; u < USERS; u++) {
        for (int j = 4; j < 7; j++) {
          rate(http, run, u, j, null);
        }
      }

      JournalReader.Journals journals;
      try (JournalReader reader = new JournalReader(TestNode.config(Map.of()))) {
        journals = reader.readJournals();
      }
      List<Interaction> mine = journals.interactions().stream().filter(e -> e.userId().startsWith(run)).toList();
      List<RecordedCapture> captures =
          journals.captures().stream().filter(c -> c.userId().startsWith(run)).toList();
      assertThat(mine).hasSize(USERS * 7);
      assertThat(captures).extracting(RecordedCapture::userId).hasSizeGreaterThanOrEqualTo(USERS)
          .containsAll(List.of(run + "-u0", run + "-u" + (USERS - 1)));
      Config config = TestNode.config(Map.of());
      ItemEmbedder embedder = ItemEmbedder.of(config.getString("ebb.embedding.model"));
      RecordedCapture first = captures.get(0);
      assertThat(first.modelId()).isEqualTo("ebb-summariser/1");
      assertThat(first.topics()).extracting(RecordedCapture.Topic::topic).containsAnyOf("genre-0", "genre-1");
      assertThat(first.topics().get(0).vector()).hasSize(embedder.dimension());

      Dataset dataset = new Dataset(
          "journal", items, mine, new DatasetReport(mine.size(), 0, List.of()), captures);
      TextSource text = TextSource.embedder(embedder, null);
      ServingModel textOnly = Grid.product(List.of(Duration.ofMinutes(10)), List.of(Grid.Long.NONE), List.of(0.0),
          List.of(new Grid.Blend(1.0, 0.0)), Grid.weights(), CfParams.defaults()).get(0);

      TuneResult r = Tuner.tune(dataset, Protocol.LOO, text, List.of(textOnly),
          new StatedSweep(List.of(0.25), List.of(Duration.ofDays(3)), CaptureSimulation.defaults()),
          ProgressListener.silent());

      assertThat(r.stated().source()).isEqualTo("recorded (ebb-summariser/1)");
      assertThat(r.stated().captures()).isEqualTo(captures.size());
      assertThat(r.stated().tried()).isTrue();
      assertThat(r.methods()).containsKey("ebb-stated");

      // Each user's capture precedes both targets: with a stated share every validation query moves.
      Split split = Split.of(dataset, Protocol.LOO);
      Evaluator evaluator = new Evaluator(split);
      ItemVectors vectors = ItemVectors.symmetric(text.vectors(split.items()));
      ServingModel stated = textOnly.withInterest(
          textOnly.interest().withStated(new StatedSettings(Duration.ofDays(3), 0.25)));
      StatedCaptures recorded = StatedCaptures.recorded(split, embedder.dimension())
          .inItemSpace(stated.items()::ofText);
      float[][] without = evaluator.queries(split.validation(), textOnly.interest(), vectors.fold());
      float[][] with = evaluator.queries(split.validation(), stated.interest(), vectors.fold(), recorded);
      for (Split.Target t : split.validation()) {
        assertThat(recorded.of(t.user()).get(0).epochMilli()).isLessThan(t.epochMilli());
        assertThat(with[t.index()]).isNotEqualTo(without[t.index()]);
      }
    } finally {
      node.close();
      TestCatalog.deleteItems(items.stream().map(DatasetItem::itemId).toList());
    }
  }

  /** User {@code u} rates item {@code (u + j) mod 10}; at {@code at}, or at the server's time when null. */
  private static void rate(Http http, String run, int u, int j, Instant at) {
    Map<String, Object> event = new HashMap<>(Map.of(
        "userId", run + "-u" + u, "itemId", run + "-i" + (u + j) % ITEMS, "type", "rate", "value", 4.0));
    if (at != null) {
      event.put("timestamp", at.toString());
    }
    assertThat(http.post("/v1/events", Http.json(event)).status()).isEqualTo(202);
  }

  private static void awaitStated(Http http, String user) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonNode body = http.get("/v1/users/" + user + "/interests").body();
      if (body.path("statedInterests").size() > 0) {
        return;
      }
      assertThat(System.nanoTime()).as("a capture of user %s within 30 s", user).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
