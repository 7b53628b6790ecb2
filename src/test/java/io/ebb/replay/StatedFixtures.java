package io.ebb.replay;

import io.ebb.model.ItemSpace;
import io.ebb.model.Ranking;
import io.ebb.model.ServingModel;
import io.ebb.interest.EventType;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.llm.LlmSettings;
import io.ebb.model.CfParams;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.DatasetReport;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.RecordedCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small hand-made datasets and text sources for the stated component's evaluation. */
final class StatedFixtures {

  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  static final long BASE = 1_700_000_000_000L;
  static final int GENRES = 4;
  static final int PER_GENRE = 8;
  static final int USERS_PER_GENRE = 5;

  /** As the service captures: idle after 5 minutes, 20 recent events, 20 top tags, the default answer bounds. */
  static final CaptureSimulation SIMULATION =
      new CaptureSimulation(Duration.ofMinutes(5), 20, CaptureSimulation.SERVICE_TOP_TAGS, LlmSettings.defaults());

  private StatedFixtures() {}

  static Interaction rate(String user, String item, long epochMilli) {
    return new Interaction(user, item, epochMilli, EventType.RATE, 4.0);
  }

  static Dataset dataset(List<DatasetItem> items, List<Interaction> events, List<RecordedCapture> captures) {
    return new Dataset("synthetic", items, events, new DatasetReport(events.size(), 0, List.of()), captures);
  }

  /** Items {@code g<G>-<k>}, tagged {@code g<G>}: four genres of eight. */
  static List<DatasetItem> genreItems() {
    List<DatasetItem> items = new ArrayList<>();
    for (int g = 0; g < GENRES; g++) {
      for (int k = 0; k < PER_GENRE; k++) {
        items.add(new DatasetItem("g" + g + "-" + k, "Film " + g + "-" + k, "", List.of("g" + g)));
      }
    }
    return items;
  }

  /**
   * Where the genre predicts the target but the last event does not: each user of genre {@code F} rates five
   * {@code F} films an hour apart (sessions that go idle, so captures state {@code gF}), a day later one film of
   * the next genre, then, a minute and two minutes after it, two more {@code F} films (the validation and test
   * targets). A 30-second horizon sees only the off-genre film; the stated component remembers {@code F}.
   */
  static Dataset genreDataset() {
    List<Interaction> events = new ArrayList<>();
    for (int f = 0; f < GENRES; f++) {
      for (int i = 0; i < USERS_PER_GENRE; i++) {
        String user = "u" + f + "-" + i;
        for (int k = 0; k < 5; k++) {
          events.add(rate(user, "g" + f + "-" + k, BASE + k * HOUR));
        }
        events.add(rate(user, "g" + ((f + 1) % GENRES) + "-7", BASE + DAY));
        events.add(rate(user, "g" + f + "-5", BASE + DAY + MINUTE));
        events.add(rate(user, "g" + f + "-6", BASE + DAY + 2 * MINUTE));
      }
    }
    return dataset(genreItems(), events, List.of());
  }

  /**
   * Text vectors of the genre world: an item is its genre's axis plus an axis of its own (normalised); a topic
   * {@code g<G>} is its genre's axis; any other text a fixed pseudo-random direction.
   */
  static TextSource genreText() {
    int dim = GENRES + GENRES * PER_GENRE;
    return new TextSource() {
      @Override
      public float[][] vectors(List<DatasetItem> items) {
        float[][] out = new float[items.size()][];
        for (int i = 0; i < items.size(); i++) {
          String[] parts = items.get(i).itemId().substring(1).split("-");
          int g = Integer.parseInt(parts[0]);
          int k = Integer.parseInt(parts[1]);
          float[] v = new float[dim];
          v[g] = (float) Math.sqrt(0.5);
          v[GENRES + g * PER_GENRE + k] = (float) Math.sqrt(0.5);
          out[i] = v;
        }
        return out;
      }

      @Override
      public float[][] texts(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
          String t = texts.get(i);
          if (t.matches("g\\d")) {
            out[i] = new float[dim];
            out[i][t.charAt(1) - '0'] = 1f;
          } else {
            out[i] = randomUnit(t, dim);
          }
        }
        return out;
      }
    };
  }

  /** Every text and item a fixed pseudo-random unit vector of {@code dim}, seeded by the text or the item id. */
  static TextSource hashedText(int dim) {
    return new TextSource() {
      @Override
      public float[][] vectors(List<DatasetItem> items) {
        return items.stream().map(i -> randomUnit("item " + i.itemId(), dim)).toArray(float[][]::new);
      }

      @Override
      public float[][] texts(List<String> texts) {
        return texts.stream().map(t -> randomUnit(t, dim)).toArray(float[][]::new);
      }
    };
  }

  static float[] randomUnit(String seed, int dim) {
    Random random = new Random(seed.hashCode());
    float[] v = new float[dim];
    double sum = 0;
    for (int k = 0; k < dim; k++) {
      v[k] = (float) random.nextGaussian();
      sum += v[k] * v[k];
    }
    for (int k = 0; k < dim; k++) {
      v[k] /= (float) Math.sqrt(sum);
    }
    return v;
  }

  /** One 30-second horizon, ratings weighing their value, text vectors only, no popularity prior. */
  static ServingModel textOnly() {
    InterestSettings s = InterestSettings.defaults()
        .withHorizons(List.of(new HorizonSettings("short", Duration.ofSeconds(30), 1.0)))
        .withWeights(Grid.weights());
    return ServingModel.candidate(s, ItemSpace.TEXT_ONLY, Ranking.PLAIN);
  }

  /** The report as {@code eval} prints it, five sweep rows. */
  static String printed(TuneResult r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8), 5);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
