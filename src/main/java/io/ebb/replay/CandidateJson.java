package io.ebb.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebb.interest.Decay;
import io.ebb.interest.EventType;
import io.ebb.interest.EventWeights;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.StatedSettings;
import io.ebb.replay.cf.CfParams;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Candidate} as JSON and back, for reports and for storing a chosen setting. Durations are written as
 * {@link Decay#format} writes them ({@code "PT30S"}, {@code "P1D"}, {@code "never"}) and read with
 * {@link Decay#parse}; event weights by wire name.
 *
 * <pre>{@code
 * {"interest": {"version": 1, "horizons": [{"name": "short", "halfLife": "PT30S", "mix": 0.8}, ...],
 *               "weights": {"view": 1.0, ...}, "rateCenter": 0.0, "rateScale": 1.0,
 *               "tagHalfLife": "P30D", "tagFloor": 0.01, "maxTags": 200, "stated": {"halfLife": "P3D", "mix": 0.0}},
 *  "popularityWeight": 0.0, "textWeight": 0.1, "cfWeight": 1.0,
 *  "cf": {"dimension": 256, "window": 50, "distanceExponent": 1.0, "normalization": 0.4, "eigenPower": 0.3,
 *         "iterations": 4, "seed": 42, "asymmetric": false},
 *  "label": "short 30s×0.8 + long 1d×0.2, ..."}
 * }</pre>
 */
public final class CandidateJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CandidateJson() {}

  public static ObjectNode toJson(Candidate c) {
    ObjectNode o = JSON.objectNode();
    o.set("interest", interestToJson(c.interest()));
    o.put("popularityWeight", c.popularityWeight());
    o.put("textWeight", c.textWeight());
    o.put("cfWeight", c.cfWeight());
    o.set("cf", cfToJson(c.cf()));
    o.put("label", c.label());
    return o;
  }

  /** @throws IllegalArgumentException naming the field that is missing or wrong */
  public static Candidate fromJson(JsonNode o) {
    return new Candidate(
        interestFromJson(required(o, "interest")),
        number(o, "popularityWeight"),
        number(o, "textWeight"),
        number(o, "cfWeight"),
        cfFromJson(required(o, "cf")));
  }

  public static ObjectNode interestToJson(InterestSettings s) {
    ObjectNode o = JSON.objectNode();
    o.put("version", s.version());
    var horizons = o.putArray("horizons");
    for (HorizonSettings h : s.horizons()) {
      horizons.addObject().put("name", h.name()).put("halfLife", Decay.format(h.halfLife())).put("mix", h.mix());
    }
    ObjectNode weights = o.putObject("weights");
    s.weights().weights().forEach((type, w) -> weights.put(type.wireName(), w));
    o.put("rateCenter", s.weights().rateCenter());
    o.put("rateScale", s.weights().rateScale());
    o.put("tagHalfLife", Decay.format(s.tagHalfLife()));
    o.put("tagFloor", s.tagFloor());
    o.put("maxTags", s.maxTags());
    o.putObject("stated").put("halfLife", Decay.format(s.stated().halfLife())).put("mix", s.stated().mix());
    return o;
  }

  public static InterestSettings interestFromJson(JsonNode o) {
    List<HorizonSettings> horizons = new ArrayList<>();
    for (JsonNode h : required(o, "horizons")) {
      horizons.add(new HorizonSettings(
          required(h, "name").asText(), Decay.parse(required(h, "halfLife").asText()), number(h, "mix")));
    }
    Map<EventType, Double> weights = new EnumMap<>(EventType.class);
    required(o, "weights").properties().forEach(e -> weights.put(
        EventType.fromWire(e.getKey()).orElseThrow(
            () -> new IllegalArgumentException("interest.weights: unknown event type " + e.getKey())),
        e.getValue().asDouble()));
    return new InterestSettings(
        required(o, "version").asInt(),
        horizons,
        new EventWeights(weights, number(o, "rateCenter"), number(o, "rateScale")),
        Decay.parse(required(o, "tagHalfLife").asText()),
        number(o, "tagFloor"),
        required(o, "maxTags").asInt(),
        statedFromJson(o.get("stated")));
  }

  /** Settings stored before stated interests existed have none: the default (mix 0). */
  private static StatedSettings statedFromJson(JsonNode stated) {
    return stated == null
        ? StatedSettings.DEFAULT
        : new StatedSettings(Decay.parse(required(stated, "halfLife").asText()), number(stated, "mix"));
  }

  public static ObjectNode cfToJson(CfParams p) {
    return JSON.objectNode()
        .put("dimension", p.dimension())
        .put("window", p.window())
        .put("distanceExponent", p.distanceExponent())
        .put("normalization", p.normalization())
        .put("eigenPower", p.eigenPower())
        .put("iterations", p.iterations())
        .put("seed", p.seed())
        .put("asymmetric", p.asymmetric());
  }

  public static CfParams cfFromJson(JsonNode o) {
    return new CfParams(
        required(o, "dimension").asInt(),
        required(o, "window").asInt(),
        number(o, "distanceExponent"),
        number(o, "normalization"),
        number(o, "eigenPower"),
        required(o, "iterations").asInt(),
        required(o, "seed").asLong(),
        o.path("asymmetric").asBoolean(false));
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o == null ? null : o.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("setting JSON: field \"" + field + "\" is missing");
    }
    return v;
  }

  private static double number(JsonNode o, String field) {
    JsonNode v = required(o, field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("setting JSON: field \"" + field + "\" must be a number, was " + v);
    }
    return v.asDouble();
  }
}
