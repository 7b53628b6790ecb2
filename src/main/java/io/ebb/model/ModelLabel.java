package io.ebb.model;

import io.ebb.interest.Decay;
import io.ebb.interest.HorizonSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Short human labels of a {@link ServingModel}, for tables, plot legends and the {@code origin} of applied models. */
public final class ModelLabel {

  private ModelLabel() {}

  /**
   * {@code "short 30s×0.8 + long 1d×0.2, rate (v−0)·1, pop 0.1, text 0.3 + cf 1"} ({@code "pop 3 (recent 0.5)"}
   * when recent counts have a share of the popularity prior), then {@code ", stated 3d×0.1"}
   * when stated interests have a share, {@code ", diversity 0.9"} / {@code ", pool 50"} when they differ from
   * the plain ranking, {@code ", time 90d×0.4"} with time context and {@code ", near 0.3·e^(−d/2km)"} with a
   * place prior.
   */
  public static String of(ServingModel m) {
    List<HorizonSettings> hs = m.interest().horizons();
    String horizons = hs.stream()
        .map(h -> h.name() + " " + shortDuration(h.halfLife()) + (hs.size() > 1 ? "×" + num(h.mix()) : ""))
        .collect(Collectors.joining(" + "));
    return horizons + ", " + others(m, true) + extras(m);
  }

  /** The label without the first horizon's half-life: what one line of the sweep plot shares. */
  public static String line(ServingModel m) {
    List<HorizonSettings> hs = m.interest().horizons();
    String rest = hs.stream().skip(1)
        .map(h -> h.name() + " " + shortDuration(h.halfLife()) + "×" + num(h.mix()))
        .collect(Collectors.joining(" + "));
    String first = hs.get(0).name() + " ×" + num(hs.get(0).mix());
    return first + (rest.isEmpty() ? "" : " + " + rest) + ", " + others(m, false) + extras(m);
  }

  private static String others(ServingModel m, boolean withRate) {
    var w = m.interest().weights();
    String rate = withRate ? "rate (v−" + num(w.rateCenter()) + ")·" + num(w.rateScale()) + ", " : "";
    ItemSpace items = m.items();
    String cfName = items.asymmetric() ? "cf (asymmetric) " : "cf ";
    String blend = !items.usesCf()
        ? "text only"
        : items.textWeight() == 0 ? cfName + "only" : "text " + num(items.textWeight()) + " + " + cfName
            + num(items.cfWeight());
    Ranking r = m.ranking();
    String recent = r.usesRecency() ? " (recent " + num(r.popularityRecency()) + ")" : "";
    return rate + "pop " + num(r.popularityWeight()) + recent + ", " + blend;
  }

  private static String extras(ServingModel m) {
    StringBuilder b = new StringBuilder();
    if (m.usesStated()) {
      b.append(", stated ").append(shortDuration(m.interest().stated().halfLife())).append("×")
          .append(num(m.interest().stated().mix()));
    }
    if (m.interest().time().isOn()) {
      b.append(", time ").append(shortDuration(m.interest().time().halfLife())).append("×")
          .append(num(m.interest().time().share()));
    }
    Ranking r = m.ranking();
    if (r.diversifies()) {
      b.append(", diversity ").append(num(r.diversityLambda()));
    }
    if (r.candidatePool() != Ranking.PLAIN.candidatePool()) {
      b.append(", pool ").append(r.candidatePool());
    }
    if (r.place().isOn()) {
      b.append(", near ").append(num(r.place().weight())).append("·e^(−d/").append(num(r.place().scaleKm()))
          .append("km)");
    }
    return b.toString();
  }

  /** {@code 30s}, {@code 10m}, {@code 6h}, {@code 30d}, {@code 1y}, {@code never}: for tables and legends. */
  public static String shortDuration(Duration d) {
    if (Decay.NEVER.equals(d)) {
      return "never";
    }
    long s = d.getSeconds();
    if (d.getNano() != 0 || s == 0) {
      return Decay.format(d);
    }
    long[] units = {365L * 86_400, 86_400, 3_600, 60, 1};
    String[] names = {"y", "d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s % units[i] == 0) {
        return s / units[i] + names[i];
      }
    }
    return Decay.format(d);
  }

  static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e9) {
      return String.valueOf((long) x);
    }
    return String.format(Locale.ROOT, "%.3g", x).replaceAll("0+$", "");
  }
}
