package io.ebb.replay;

import io.ebb.interest.Decay;
import io.ebb.model.ModelJson;
import io.ebb.model.ModelLabel;
import io.ebb.model.ServingModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebb.model.PlacePrior;
import io.ebb.model.Ranking;
import io.ebb.replay.TuneResult.MethodResult;
import io.ebb.replay.TuneResult.PlaceComparison;
import io.ebb.replay.TuneResult.RecencyComparison;
import io.ebb.replay.TuneResult.TimeComparison;
import io.ebb.replay.TuneResult.StatedComparison;
import io.ebb.replay.TuneResult.SweepRow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A {@link TuneResult} as a console table and as JSON. */
public final class Report {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Report() {}

  /**
   * The JSON report: {@code methods.<name>.test."ndcg@10"} (and {@code "hr@10"}, {@code "mrr"},
   * {@code "coverage"}, {@code "targets"}), the same under {@code validation}; {@code best} (the chosen setting,
   * {@link ModelJson}); {@code protocol} (the text); {@code sweep} (each setting and its validation metrics);
   * {@code stated} (where captures came from, the stated shares tried, and the best setting without a share
   * against the best with one, {@code without} and {@code with}, on both target lists); {@code cold} (cold-item
   * counts and each method's metrics on cold targets); {@code place} (on data with places: the place priors tried
   * and the best without one against the best with one, {@code without} and {@code with}); {@code recency} (the
   * recent-popularity half-life, the settings tried, {@code without} and {@code with}); {@code data};
   * {@code timings}.
   */
  public static ObjectNode toJson(TuneResult r) {
    ObjectNode root = JSON.objectNode();
    root.put("dataset", r.dataset());
    root.put("protocolName", r.protocol().name().toLowerCase(Locale.ROOT));
    root.put("protocol", r.protocolText());
    ObjectNode data = root.putObject("data");
    Split.Stats s = r.stats();
    data.put("usersBefore", s.usersBefore()).put("itemsBefore", s.itemsBefore()).put("eventsBefore", s.eventsBefore())
        .put("users", s.users()).put("items", s.items()).put("events", s.events())
        .put("trainingEvents", s.trainingEvents());
    ObjectNode methods = root.putObject("methods");
    ObjectNode coldMethods = JSON.objectNode();
    for (MethodResult m : r.methods().values()) {
      ObjectNode node = methods.putObject(m.name());
      node.set("validation", metrics(m.validation().all()));
      node.set("test", metrics(m.test().all()));
      if (m.setting() != null) {
        node.set("setting", ModelJson.toJson(m.setting()));
      }
      ObjectNode cold = coldMethods.putObject(m.name());
      cold.set("validation", metrics(m.validation().cold()));
      cold.set("test", metrics(m.test().cold()));
    }
    root.set("best", ModelJson.toJson(r.best()));
    ObjectNode cold = root.putObject("cold");
    cold.put("definition", "targets whose item has no training event (no collaborative vector; text only)");
    cold.put("coldItems", r.cold().coldItems());
    cold.put("validationTargets", r.cold().coldValidationTargets());
    cold.put("testTargets", r.cold().coldTestTargets());
    cold.set("methods", coldMethods);
    var sweep = root.putArray("sweep");
    for (SweepRow row : r.sweep()) {
      ObjectNode n = sweep.addObject();
      n.put("label", row.candidate().label());
      n.set("setting", ModelJson.toJson(row.candidate()));
      n.set("validation", metrics(row.validation()));
    }
    root.set("stated", statedToJson(r));
    var ranking = root.putArray("ranking");
    for (MethodResult m : r.ranking()) {
      ObjectNode n = ranking.addObject();
      n.put("diversityLambda", m.setting().ranking().diversityLambda());
      n.put("candidatePool", m.setting().ranking().candidatePool());
      n.put("chosen", m.setting().equals(withoutPlace(r.best())));
      n.set("validation", metrics(m.validation().all()));
      n.set("test", metrics(m.test().all()));
    }
    root.set("time", timeToJson(r));
    root.set("place", placeToJson(r));
    root.set("recency", recencyToJson(r));
    TuneResult.Timings t = r.timings();
    root.putObject("timings")
        .put("prepareMillis", t.prepareMillis()).put("embedMillis", t.embedMillis())
        .put("learnMillis", t.learnMillis()).put("baselinesMillis", t.baselinesMillis())
        .put("sweepMillis", t.sweepMillis()).put("statedMillis", t.statedMillis())
        .put("finalMillis", t.finalMillis()).put("totalMillis", t.totalMillis());
    return root;
  }

  private static ObjectNode statedToJson(TuneResult r) {
    StatedComparison st = r.stated();
    ObjectNode node = JSON.objectNode();
    node.put("source", st.source());
    node.put("captures", st.captures());
    node.put("chosen", r.best().usesStated());
    node.set("without", comparedToJson(st.without()));
    if (st.tried()) {
      node.set("with", comparedToJson(st.with()));
      node.putObject("effect")
          .put("validationNdcg@10", st.with().validation().all().ndcg10() - st.without().validation().all().ndcg10())
          .put("testNdcg@10", st.with().test().all().ndcg10() - st.without().test().all().ndcg10());
    } else {
      node.putNull("with");
    }
    var settings = node.putArray("settings");
    for (SweepRow row : st.settings()) {
      ObjectNode n = settings.addObject();
      n.put("label", row.candidate().label());
      n.set("setting", ModelJson.toJson(row.candidate()));
      n.set("validation", metrics(row.validation()));
    }
    return node;
  }

  private static ObjectNode timeToJson(TuneResult r) {
    TimeComparison t = r.time();
    ObjectNode node = JSON.objectNode();
    node.put("tried", t.tried());
    node.put("chosen", r.best().interest().time().isOn());
    if (!t.tried()) {
      return node;
    }
    node.set("without", comparedToJson(t.without()));
    node.set("with", comparedToJson(t.with()));
    var settings = node.putArray("settings");
    for (SweepRow row : t.settings()) {
      ObjectNode n = settings.addObject();
      n.put("share", row.candidate().interest().time().share());
      n.put("halfLife", Decay.format(row.candidate().interest().time().halfLife()));
      n.set("validation", metrics(row.validation()));
    }
    return node;
  }

  private static ObjectNode placeToJson(TuneResult r) {
    PlaceComparison p = r.place();
    ObjectNode node = JSON.objectNode();
    node.put("tried", p.tried());
    node.put("chosen", r.best().ranking().place().isOn());
    if (!p.tried()) {
      return node;
    }
    node.put("nearbyPopularScaleKm", p.nearbyScaleKm());
    node.set("without", comparedToJson(p.without()));
    node.set("with", comparedToJson(p.with()));
    var settings = node.putArray("settings");
    for (SweepRow row : p.settings()) {
      ObjectNode n = settings.addObject();
      n.put("weight", row.candidate().ranking().place().weight());
      n.put("scaleKm", row.candidate().ranking().place().scaleKm());
      n.put("popularityWeight", row.candidate().ranking().popularityWeight());
      n.set("validation", metrics(row.validation()));
    }
    return node;
  }

  private static ObjectNode recencyToJson(TuneResult r) {
    RecencyComparison c = r.recency();
    ObjectNode node = JSON.objectNode();
    node.put("tried", c.tried());
    node.put("chosen", r.best().ranking().usesRecency());
    if (!c.tried()) {
      return node;
    }
    node.put("halfLife", c.halfLife().toString());
    node.set("without", comparedToJson(c.without()));
    node.set("with", comparedToJson(c.with()));
    var settings = node.putArray("settings");
    for (SweepRow row : c.settings()) {
      Ranking k = row.candidate().ranking();
      ObjectNode n = settings.addObject();
      n.put("popularityRecency", k.popularityRecency());
      n.put("popularityWeight", k.popularityWeight());
      n.put("placeWeight", k.place().weight());
      n.put("placeScaleKm", k.place().scaleKm());
      n.set("validation", metrics(row.validation()));
    }
    return node;
  }

  /** The same setting with the place prior off: the ranking row a chosen place prior was tried on. */
  private static ServingModel withoutPlace(ServingModel m) {
    return m.withRanking(m.ranking().withPlace(PlacePrior.OFF));
  }

  private static ObjectNode comparedToJson(MethodResult m) {
    ObjectNode n = JSON.objectNode();
    n.put("method", m.name());
    n.set("setting", ModelJson.toJson(m.setting()));
    n.set("validation", metrics(m.validation().all()));
    n.set("test", metrics(m.test().all()));
    return n;
  }

  public static void writeJson(TuneResult r, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson(r));
  }

  private static ObjectNode metrics(MetricSet m) {
    return JSON.objectNode()
        .put("ndcg@10", m.ndcg10())
        .put("hr@10", m.hr10())
        .put("mrr", m.mrr())
        .put("coverage", m.coverage())
        .put("targets", m.targets());
  }

  /** The protocol, the methods table, the best settings, the sweep (best first) and the times. */
  public static void print(TuneResult r, PrintStream out, int sweepRows) {
    Split.Stats s = r.stats();
    out.printf(Locale.ROOT, "Dataset %s: %d users, %d items, %d events; after the %d-core filter %d users, %d items,"
            + " %d events (%d training events).%n",
        r.dataset(), s.usersBefore(), s.itemsBefore(), s.eventsBefore(), Split.CORE, s.users(), s.items(), s.events(),
        s.trainingEvents());
    out.println();
    out.println(wrap(r.protocolText(), 110));
    out.println();
    out.println("| method | part | ndcg@10 | hr@10 | mrr | coverage | targets |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (MethodResult m : r.methods().values()) {
      row(out, m.name(), "validation", m.validation().all());
      row(out, m.name(), "test", m.test().all());
    }
    out.println();
    for (MethodResult m : r.methods().values()) {
      if (m.setting() != null) {
        out.printf("%-15s %s; cf %s%n", m.name() + ":", m.setting().label(), m.setting().items().cf().label());
      }
    }
    printStated(r, out);
    printRanking(r, out);
    printTime(r, out);
    printPlace(r, out);
    printRecency(r, out);
    out.printf(Locale.ROOT, "Cold items (no training event): %d of %d candidate items; %d validation and %d test"
            + " targets are cold.%n", r.cold().coldItems(), s.items(), r.cold().coldValidationTargets(),
        r.cold().coldTestTargets());
    if (r.cold().coldTestTargets() > 0 || r.cold().coldValidationTargets() > 0) {
      out.println("| method | part | cold ndcg@10 | cold hr@10 | cold targets |");
      out.println("| --- | --- | ---: | ---: | ---: |");
      for (MethodResult m : r.methods().values()) {
        out.printf(Locale.ROOT, "| %s | validation | %.4f | %.4f | %d |%n", m.name(), m.validation().cold().ndcg10(),
            m.validation().cold().hr10(), m.validation().cold().targets());
        out.printf(Locale.ROOT, "| %s | test | %.4f | %.4f | %d |%n", m.name(), m.test().cold().ndcg10(),
            m.test().cold().hr10(), m.test().cold().targets());
      }
    }
    out.println();
    List<SweepRow> sorted = r.sweep().stream()
        .sorted(Comparator.comparingDouble((SweepRow x) -> x.validation().ndcg10()).reversed())
        .toList();
    int shown = Math.min(sweepRows, sorted.size());
    out.printf("Sweep: %d settings scored on the validation targets (best %d shown; all in the JSON report)%n",
        sorted.size(), shown);
    out.println("| # | setting | cf | val ndcg@10 | val hr@10 | val mrr | val coverage |");
    out.println("| ---: | --- | --- | ---: | ---: | ---: | ---: |");
    for (int i = 0; i < shown; i++) {
      SweepRow x = sorted.get(i);
      MetricSet m = x.validation();
      out.printf(Locale.ROOT, "| %d | %s | %s | %.4f | %.4f | %.4f | %.3f |%n", i + 1, x.candidate().label(),
          x.candidate().items().usesCf() ? x.candidate().items().cf().label() : "-", m.ndcg10(), m.hr10(), m.mrr(), m.coverage());
    }
    out.println();
    TuneResult.Timings t = r.timings();
    out.printf(Locale.ROOT, "Times: prepare %.1f s, text vectors %.1f s, collaborative vectors %.1f s,"
            + " baselines %.1f s, sweep of %d settings %.1f s, stated (captures and %d settings) %.1f s,"
            + " final test runs %.1f s; total %.1f s%n",
        t.prepareMillis() / 1e3, t.embedMillis() / 1e3, t.learnMillis() / 1e3, t.baselinesMillis() / 1e3,
        r.sweep().size(), t.sweepMillis() / 1e3, r.stated().settings().size(), t.statedMillis() / 1e3,
        t.finalMillis() / 1e3, t.totalMillis() / 1e3);
  }

  /** The ranking knobs tried on the best setting: what diversity and the pool cost or gain. */
  private static void printRanking(TuneResult r, PrintStream out) {
    if (r.ranking().size() <= 1) {
      return;
    }
    out.println("Ranking on top of the best setting: the diversity pass (maximal marginal relevance, 1 = off) and the"
        + " candidate pool.");
    out.println("| diversity λ | pool | val ndcg@10 | val coverage | test ndcg@10 | test hr@10 | test coverage | |");
    out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (MethodResult m : r.ranking()) {
      var k = m.setting().ranking();
      out.printf(Locale.ROOT, "| %s | %d | %.4f | %.3f | %.4f | %.4f | %.3f | %s |%n",
          k.diversityLambda(), k.candidatePool(), m.validation().all().ndcg10(), m.validation().all().coverage(),
          m.test().all().ndcg10(), m.test().all().hr10(), m.test().all().coverage(),
          m.setting().equals(withoutPlace(r.best())) ? "chosen" : "");
    }
    out.println();
  }

  /** Time context off and on, and every time setting tried, best first. */
  private static void printTime(TuneResult r, PrintStream out) {
    TimeComparison t = r.time();
    if (!t.tried()) {
      return;
    }
    out.println("Time context (per-bucket interest: daypart × weekday/weekend in the user's zone, blended into the"
        + " query with a share); alone, without a place prior.");
    out.println("| time context | val ndcg@10 | val hr@10 | test ndcg@10 | test hr@10 | |");
    out.println("| --- | ---: | ---: | ---: | ---: | --- |");
    for (MethodResult m : List.of(t.without(), t.with())) {
      var k = m.setting().interest().time();
      out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %s |%n",
          k.isOn() ? "share " + k.share() + ", half-life " + ModelLabel.shortDuration(k.halfLife()) : "off",
          m.validation().all().ndcg10(), m.validation().all().hr10(), m.test().all().ndcg10(),
          m.test().all().hr10(), m.setting().equals(r.best()) ? "chosen" : "");
    }
    out.print("Tried on validation (share/half-life ndcg@10):");
    t.settings().stream()
        .sorted(Comparator.comparingDouble((SweepRow x) -> x.validation().ndcg10()).reversed())
        .forEach(row -> out.printf(Locale.ROOT, " %s/%s %.4f;", row.candidate().interest().time().share(),
            ModelLabel.shortDuration(row.candidate().interest().time().halfLife()), row.validation().ndcg10()));
    out.println();
    out.println();
  }

  /** The place prior off and on, and every prior tried, best first. */
  private static void printPlace(TuneResult r, PrintStream out) {
    PlaceComparison p = r.place();
    if (!p.tried()) {
      return;
    }
    out.printf(Locale.ROOT, "Place prior (score += w·exp(−d/scale), d from where the user was before the target);"
        + " nearby-popular chose scale %s km.%n", p.nearbyScaleKm());
    out.println("| place prior | val ndcg@10 | val hr@10 | test ndcg@10 | test hr@10 | |");
    out.println("| --- | ---: | ---: | ---: | ---: | --- |");
    for (MethodResult m : List.of(p.without(), p.with())) {
      var k = m.setting().ranking().place();
      out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %s |%n",
          k.isOn() ? "w " + k.weight() + ", scale " + k.scaleKm() + " km, pop "
              + m.setting().ranking().popularityWeight() : "off",
          m.validation().all().ndcg10(),
          m.validation().all().hr10(), m.test().all().ndcg10(), m.test().all().hr10(),
          m.setting().equals(r.best()) ? "chosen" : "");
    }
    out.print("Tried on validation (w/scale km/popularity weight ndcg@10):");
    p.settings().stream()
        .sorted(Comparator.comparingDouble((SweepRow x) -> x.validation().ndcg10()).reversed())
        .forEach(row -> out.printf(Locale.ROOT, " %s/%s/%s %.4f;", row.candidate().ranking().place().weight(),
            row.candidate().ranking().place().scaleKm(), row.candidate().ranking().popularityWeight(),
            row.validation().ndcg10()));
    out.println();
    out.println();
  }

  /** Recent popularity off and on, and every setting tried with it, best first. */
  private static void printRecency(TuneResult r, PrintStream out) {
    RecencyComparison c = r.recency();
    if (!c.tried()) {
      return;
    }
    out.printf(Locale.ROOT, "Recent popularity (a share of the popularity prior from counts fading with a half-life"
        + " of %s), on top of the best setting with context so far.%n", ModelLabel.shortDuration(c.halfLife()));
    out.println("| recent share | val ndcg@10 | val hr@10 | test ndcg@10 | test hr@10 | |");
    out.println("| --- | ---: | ---: | ---: | ---: | --- |");
    for (MethodResult m : List.of(c.without(), c.with())) {
      Ranking k = m.setting().ranking();
      out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %s |%n",
          k.usesRecency() ? k.popularityRecency() + ", pop " + k.popularityWeight()
              + (k.place().isOn() ? ", place w " + k.place().weight() + ", scale " + k.place().scaleKm() + " km" : "")
              : "off",
          m.validation().all().ndcg10(), m.validation().all().hr10(), m.test().all().ndcg10(),
          m.test().all().hr10(), m.setting().equals(r.best()) ? "chosen" : "");
    }
    out.print("Tried on validation (share/popularity weight/place w/scale km ndcg@10):");
    c.settings().stream()
        .sorted(Comparator.comparingDouble((SweepRow x) -> x.validation().ndcg10()).reversed())
        .forEach(row -> out.printf(Locale.ROOT, " %s/%s/%s/%s %.4f;", row.candidate().ranking().popularityRecency(),
            row.candidate().ranking().popularityWeight(), row.candidate().ranking().place().weight(),
            row.candidate().ranking().place().scaleKm(), row.validation().ndcg10()));
    out.println();
    out.println();
  }

  /** The best setting without a stated share against the best with one, and every share tried. */
  private static void printStated(TuneResult r, PrintStream out) {
    StatedComparison st = r.stated();
    out.println();
    if (!st.tried()) {
      out.printf(Locale.ROOT, "Stated interests: %s, %,d captures; no stated share tried, mix stays 0.%n",
          st.source(), st.captures());
      out.println();
      return;
    }
    out.printf(Locale.ROOT, "Stated interests (ebb-stated): %s, %,d captures; the best setting without a stated share"
        + " against the best with one.%n", st.source(), st.captures());
    out.println("| stated | val ndcg@10 | val hr@10 | test ndcg@10 | test hr@10 |");
    out.println("| --- | ---: | ---: | ---: | ---: |");
    for (MethodResult m : List.of(st.without(), st.with())) {
      var s = m.setting().interest().stated();
      out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n",
          m.setting().usesStated() ? ModelLabel.shortDuration(s.halfLife()) + "×" + s.mix() : "off (mix 0)",
          m.validation().all().ndcg10(), m.validation().all().hr10(), m.test().all().ndcg10(), m.test().all().hr10());
    }
    out.print("Tried on validation:");
    for (SweepRow row : st.settings()) {
      var s = row.candidate().interest().stated();
      out.printf(Locale.ROOT, " %s×%s %.4f;",
          ModelLabel.shortDuration(s.halfLife()), s.mix(), row.validation().ndcg10());
    }
    out.printf(Locale.ROOT, " chosen: %s.%n%n", r.best().usesStated()
        ? "stated " + ModelLabel.shortDuration(r.best().interest().stated().halfLife()) + "×"
            + r.best().interest().stated().mix()
        : "off (no share beat mix 0 on validation)");
  }

  private static void row(PrintStream out, String method, String part, MetricSet m) {
    out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.3f | %d |%n",
        method, part, m.ndcg10(), m.hr10(), m.mrr(), m.coverage(), m.targets());
  }

  private static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    int column = 0;
    for (String word : text.split(" ")) {
      if (column > 0 && column + 1 + word.length() > width) {
        out.append('\n');
        column = 0;
      } else if (column > 0) {
        out.append(' ');
        column++;
      }
      out.append(word);
      column += word.length();
    }
    return out.toString();
  }

  /** What `eval` and `tune` show: the table on {@code out}, then the JSON report and the plot where asked for. */
  public static void emit(TuneResult r, PrintStream out, int sweepRows, Path json, Path plot) throws IOException {
    print(r, out, sweepRows);
    if (json != null) {
      writeJson(r, json);
      out.println("Report: " + json.toAbsolutePath());
    }
    if (plot != null) {
      SweepPlot.write(r, plot);
      out.println("Plot: " + plot.toAbsolutePath());
    }
  }
}
