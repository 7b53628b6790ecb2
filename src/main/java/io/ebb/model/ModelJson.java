package io.ebb.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebb.interest.Decay;
import io.ebb.interest.EventType;
import io.ebb.interest.EventWeights;
import io.ebb.interest.HorizonSettings;
import io.ebb.interest.InterestSettings;
import io.ebb.interest.StatedSettings;
import io.ebb.interest.TimeBuckets;
import io.ebb.interest.TimeSettings;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of a {@link ServingModel}: what {@code ebb tune --apply} stores in Cassandra, what nodes read
 * back, and what reports print. Written field by field (not by reflection), so the stored form does not change when
 * a Java name does, and a bad field is named when read. Durations are written as {@link Decay#format} writes them
 * ({@code "PT30S"}, {@code "P1D"}, {@code "never"}); event weights by wire name.
 *
 * <pre>{@code
 * {"version": 2, "activatedAt": "2026-12-01T10:00:00Z", "origin": "tune: short 30s×0.8 + ...",
 *  "interest": {"horizons": [{"name": "short", "halfLife": "PT30S", "mix": 0.8}, ...],
 *               "weights": {"view": 1.0, ...}, "rateCenter": 0.0, "rateScale": 1.0,
 *               "tagHalfLife": "P30D", "tagFloor": 0.01, "maxTags": 200, "stated": {"halfLife": "P3D", "mix": 0.0},
 *               "time": {"halfLife": "P30D", "share": 0.0, "defaultZone": "Z"}},
 *  "items": {"textWeight": 0.1, "cfWeight": 1.0,
 *            "cf": {"dimension": 256, "window": 50, "distanceExponent": 1.0, "normalization": 0.4,
 *                   "eigenPower": 0.3, "iterations": 4, "seed": 42, "asymmetric": false}},
 *  "ranking": {"popularityWeight": 0.0, "diversityLambda": 1.0, "candidatePool": 200, "popularityRecency": 0.0,
 *              "place": {"weight": 0.0, "scaleKm": 1.0}},
 *  "label": "short 30s×0.8 + long 1d×0.2, ..."}
 * }</pre>
 */
public final class ModelJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelJson() {}

  /** The model as a JSON string. */
  public static String write(ServingModel m) {
    try {
      return MAPPER.writeValueAsString(toJson(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a model tree always writes", e);
    }
  }

  /** @throws IllegalArgumentException for text that is not JSON, or a missing or wrong field (named) */
  public static ServingModel read(String text) {
    try {
      return fromJson(MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("model JSON: not JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectNode toJson(ServingModel m) {
    ObjectNode o = JSON.objectNode();
    o.put("version", m.version());
    o.put("activatedAt", m.activatedAt().toString());
    o.put("origin", m.origin());
    o.set("interest", interestToJson(m.interest()));
    ObjectNode items = o.putObject("items");
    items.put("textWeight", m.items().textWeight());
    items.put("cfWeight", m.items().cfWeight());
    items.set("cf", cfToJson(m.items().cf()));
    ObjectNode ranking = o.putObject("ranking")
        .put("popularityWeight", m.ranking().popularityWeight())
        .put("diversityLambda", m.ranking().diversityLambda())
        .put("candidatePool", m.ranking().candidatePool())
        .put("popularityRecency", m.ranking().popularityRecency());
    ranking.putObject("place")
        .put("weight", m.ranking().place().weight())
        .put("scaleKm", m.ranking().place().scaleKm());
    o.put("label", m.label());
    return o;
  }

  /** @throws IllegalArgumentException naming the field that is missing or wrong */
  public static ServingModel fromJson(JsonNode o) {
    int version = integer(o, "version");
    JsonNode items = required(o, "items");
    JsonNode ranking = required(o, "ranking");
    return new ServingModel(
        version,
        instant(o, "activatedAt"),
        required(o, "origin").asText(),
        interestFromJson(required(o, "interest"), version),
        new ItemSpace(number(items, "textWeight"), number(items, "cfWeight"), cfFromJson(required(items, "cf"))),
        ranking(ranking));
  }

  /** A model stored before recent popularity existed has none: its prior is all-time counts, as it was. */
  private static Ranking ranking(JsonNode o) {
    double recency = o.has("popularityRecency") ? number(o, "popularityRecency") : 0.0;
    try {
      return new Ranking(number(o, "popularityWeight"), number(o, "diversityLambda"), integer(o, "candidatePool"),
          placeFromJson(o.get("place")), recency);
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("model JSON") ? e
          : new IllegalArgumentException("model JSON: ranking: " + e.getMessage(), e);
    }
  }

  private static ObjectNode interestToJson(InterestSettings s) {
    ObjectNode o = JSON.objectNode();
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
    o.putObject("time")
        .put("halfLife", Decay.format(s.time().halfLife()))
        .put("share", s.time().share())
        .put("defaultZone", s.time().defaultZone().getId());
    return o;
  }

  private static InterestSettings interestFromJson(JsonNode o, int version) {
    List<HorizonSettings> horizons = new ArrayList<>();
    for (JsonNode h : required(o, "horizons")) {
      horizons.add(new HorizonSettings(required(h, "name").asText(), duration(h, "halfLife"), number(h, "mix")));
    }
    Map<EventType, Double> weights = new EnumMap<>(EventType.class);
    required(o, "weights").properties().forEach(e -> weights.put(
        EventType.fromWire(e.getKey()).orElseThrow(
            () -> new IllegalArgumentException("model JSON: interest.weights: unknown event type " + e.getKey())),
        e.getValue().asDouble()));
    JsonNode stated = required(o, "stated");
    return new InterestSettings(
        version,
        horizons,
        new EventWeights(weights, number(o, "rateCenter"), number(o, "rateScale")),
        duration(o, "tagHalfLife"),
        number(o, "tagFloor"),
        integer(o, "maxTags"),
        new StatedSettings(duration(stated, "halfLife"), number(stated, "mix")),
        timeFromJson(o.get("time")));
  }

  /** Absent in models stored before there was time context: those have none. */
  private static TimeSettings timeFromJson(JsonNode o) {
    if (o == null || o.isNull()) {
      return TimeSettings.OFF;
    }
    String zone = required(o, "defaultZone").asText();
    ZoneId defaultZone = TimeBuckets.zoneOf(zone);
    if (defaultZone == null) {
      throw new IllegalArgumentException("model JSON: interest.time.defaultZone names no zone: " + zone);
    }
    try {
      return new TimeSettings(duration(o, "halfLife"), number(o, "share"), defaultZone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model JSON: interest.time: " + e.getMessage(), e);
    }
  }

  /** Absent in models stored before there was a place prior: those have none. */
  private static PlacePrior placeFromJson(JsonNode o) {
    if (o == null || o.isNull()) {
      return PlacePrior.OFF;
    }
    double weight = number(o, "weight");
    double scaleKm = number(o, "scaleKm");
    try {
      return new PlacePrior(weight, scaleKm);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model JSON: ranking.place: " + e.getMessage(), e);
    }
  }

  private static ObjectNode cfToJson(CfParams p) {
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

  private static CfParams cfFromJson(JsonNode o) {
    return new CfParams(
        integer(o, "dimension"),
        integer(o, "window"),
        number(o, "distanceExponent"),
        number(o, "normalization"),
        number(o, "eigenPower"),
        integer(o, "iterations"),
        required(o, "seed").asLong(),
        o.path("asymmetric").asBoolean(false));
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o == null ? null : o.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("model JSON: field \"" + field + "\" is missing");
    }
    return v;
  }

  private static double number(JsonNode o, String field) {
    JsonNode v = required(o, field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("model JSON: field \"" + field + "\" must be a number, was " + v);
    }
    return v.asDouble();
  }

  private static int integer(JsonNode o, String field) {
    JsonNode v = required(o, field);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("model JSON: field \"" + field + "\" must be an integer, was " + v);
    }
    return v.asInt();
  }

  private static java.time.Duration duration(JsonNode o, String field) {
    String text = required(o, field).asText();
    try {
      return Decay.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("model JSON: field \"" + field + "\" is not a duration: " + text, e);
    }
  }

  private static Instant instant(JsonNode o, String field) {
    String text = required(o, field).asText();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("model JSON: field \"" + field + "\" is not an instant: " + text, e);
    }
  }
}
