package io.ebb.replay;

import io.ebb.model.ModelLabel;
import io.ebb.model.ServingModel;
import io.ebb.interest.Decay;
import io.ebb.replay.TuneResult.SweepRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sweep as a PNG: validation NDCG@10 against the first horizon's half-life (log axis, seconds), one line per
 * combination of the other knobs. Settings with an infinite half-life have no place on a log axis and are left
 * out (they are in the table and the JSON report).
 */
public final class SweepPlot {

  private SweepPlot() {}

  public static void write(TuneResult r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true"); // no display needed, nor wanted
    Map<String, XYSeries> lines = new LinkedHashMap<>();
    for (SweepRow row : r.sweep()) {
      if (Decay.NEVER.equals(row.candidate().firstHalfLife())) {
        continue;
      }
      double seconds = row.candidate().firstHalfLife().toMillis() / 1000.0;
      String line = ModelLabel.line(row.candidate())
          + (row.candidate().items().usesCf() && distinctCf(r) ? " [" + row.candidate().items().cf().label() + "]" : "");
      lines.computeIfAbsent(line, k -> new XYSeries(k, true, true)).addOrUpdate(seconds, row.validation().ndcg10());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    lines.values().forEach(data::addSeries);
    LogAxis x = new LogAxis("half-life of the first horizon (log scale)");
    x.setBase(10);
    x.setSmallestValue(1);
    x.setTickUnit(new NumberTickUnit(1.0)); // one tick per decade, labelled as a duration
    x.setNumberFormatOverride(new DurationFormat());
    NumberAxis y = new NumberAxis("NDCG@10 (validation targets)");
    y.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(
        "Ebb on " + r.dataset() + " (" + r.protocol().name().toLowerCase(Locale.ROOT) + "): NDCG@10 by half-life",
        new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
        "chosen: %s  (test NDCG@10 %.4f)", r.best().label(), r.methods().get("ebb").test().all().ndcg10())));
    chart.setBackgroundPaint(Color.WHITE);
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 800);
  }

  private static boolean distinctCf(TuneResult r) {
    // symmetric and asymmetric lines already differ by their label; other differences need the cf label
    return r.sweep().stream()
        .filter(s -> s.candidate().items().usesCf())
        .map(s -> s.candidate().items().cf().withAsymmetric(false))
        .distinct()
        .count() > 1;
  }

  /** Seconds as the largest whole-ish unit: {@code 10s}, {@code 1.7m}, {@code 2.8h}, {@code 1.2d}, {@code 3.2y}. */
  private static final class DurationFormat extends NumberFormat {
    private static final double[] UNITS = {365 * 86_400.0, 86_400.0, 3_600.0, 60.0, 1.0};
    private static final String[] NAMES = {"y", "d", "h", "m", "s"};

    @Override
    public StringBuffer format(double seconds, StringBuffer to, FieldPosition pos) {
      for (int i = 0; i < UNITS.length; i++) {
        if (seconds >= UNITS[i] || i == UNITS.length - 1) {
          double v = seconds / UNITS[i];
          return to.append(v >= 10 || v == Math.rint(v)
              ? String.format(Locale.ROOT, "%.0f", v)
              : String.format(Locale.ROOT, "%.1f", v)).append(NAMES[i]);
        }
      }
      return to;
    }

    @Override
    public StringBuffer format(long seconds, StringBuffer to, FieldPosition pos) {
      return format((double) seconds, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("labels only");
    }
  }
}
