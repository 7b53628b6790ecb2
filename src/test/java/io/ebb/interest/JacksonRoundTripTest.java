package io.ebb.interest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The entity snapshots {@link InterestState} and carries settings in messages, so every record must read back
 * equal. Two mappers: a plain one with defaults (durations as decimal seconds, unknown properties fatal), and
 * one configured like Pekko's jackson-cbor (CBOR, ISO durations, field visibility ANY).
 */
class JacksonRoundTripTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  private static ObjectMapper plain() {
    return new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule());
  }

  private static ObjectMapper pekkoLikeCbor() {
    return new ObjectMapper(new CBORFactory())
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // stricter than Pekko, to catch stray properties
        .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
  }

  static Stream<Arguments> values() {
    var s = InterestSettings.defaults();
    var never = s.withVersion(3)
        .withHorizons(List.of(
            new HorizonSettings("now", Duration.ofMinutes(90), 0.25),
            new HorizonSettings("always", Decay.NEVER, 0.75)))
        .withWeights(EventWeights.defaults().with(EventType.SKIP, -1.25).withRate(2.5, 0.5));
    var state = InterestState.empty(s)
        .apply(s, T0, 1.0, new float[] {0.1f, -0.2f, 0.3f, 1e-7f}, List.of("sci-fi", "space"))
        .apply(s, T0.plusSeconds(3600), -0.5, new float[] {0.4f, 0.5f, -0.6f, 3.4e38f}, List.of("romance"))
        .apply(s, T0.plusSeconds(1800), 2.0, null, List.of("sci-fi"));
    var timed = s.withTime(new TimeSettings(Duration.ofDays(90), 0.4, java.time.ZoneId.of("Europe/Berlin")));
    return Stream.of(
        Arguments.of(EventType.ADD_TO_CART),
        Arguments.of(EventWeights.defaults()),
        Arguments.of(new HorizonSettings("short", Duration.ofHours(6), 0.5)),
        Arguments.of(new HorizonSettings("forever", Decay.NEVER, 1.0)),
        Arguments.of(s),
        Arguments.of(never),
        Arguments.of(new HorizonState(new float[] {1.5f, -2.25f}, 123L)),
        Arguments.of(new TagWeight("sci-fi", 0.75)),
        Arguments.of(new HorizonView("long", Duration.ofDays(30), 1.25)),
        Arguments.of(InterestState.empty(s)),
        Arguments.of(state),
        Arguments.of(state.asOf(s, T0.plus(Duration.ofDays(2)))),
        Arguments.of(s.withStated(new StatedSettings(Duration.ofDays(2), 0.25))),
        Arguments.of(new StatedTopic("space opera", 0.5)),
        Arguments.of(timed),
        Arguments.of(InterestState.empty(timed).apply(timed, T0, 1.0, new float[] {0.5f, -1f}, List.of("jazz"),
            java.time.ZoneId.of("America/New_York"))),
        Arguments.of(state.capture(s, T0.plusSeconds(7200), List.of(new StatedTopic("space opera", 0.5)),
            List.of(new float[] {0.5f, 0.5f, 0.5f, 0.5f}))));
  }

  @ParameterizedTest
  @MethodSource("values")
  void roundTripsThroughPlainJson(Object value) throws Exception {
    var mapper = plain();
    assertThat(mapper.readValue(mapper.writeValueAsBytes(value), value.getClass())).isEqualTo(value);
  }

  @ParameterizedTest
  @MethodSource("values")
  void roundTripsThroughPekkoLikeCbor(Object value) throws Exception {
    var mapper = pekkoLikeCbor();
    assertThat(mapper.readValue(mapper.writeValueAsBytes(value), value.getClass())).isEqualTo(value);
  }

  @Test
  void stateJsonHoldsOnlyTheRecordComponents() throws Exception {
    var s = InterestSettings.defaults();
    var state = InterestState.empty(s).apply(s, T0, 1.0, new float[] {1, 2}, List.of("a"));
    var tree = plain().readTree(plain().writeValueAsString(state));
    assertThat(tree.fieldNames()).toIterable()
        .containsExactlyInAnyOrder("horizons", "tagWeights", "tagsAsOfEpochMilli", "stated", "time");
  }

  @Test
  void aSnapshotFromBeforeTimeContextReadsAsHavingNone() throws Exception {
    var s = InterestSettings.defaults();
    var state = InterestState.empty(s).apply(s, T0, 1.0, new float[] {1, 2}, List.of("a"));
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) plain().readTree(plain().writeValueAsString(state));
    tree.remove("time");

    assertThat(plain().treeToValue(tree, InterestState.class)).isEqualTo(state);
  }

  @Test
  void aSnapshotFromBeforeStatedInterestsReadsAsHavingNone() throws Exception {
    var s = InterestSettings.defaults();
    var state = InterestState.empty(s).apply(s, T0, 1.0, new float[] {1, 2}, List.of("a"));
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) plain().readTree(plain().writeValueAsString(state));
    tree.remove("stated");

    InterestState old = plain().treeToValue(tree, InterestState.class);

    assertThat(old).isEqualTo(state);
    assertThat(old.statedTopics(s, T0)).isEmpty();
  }
}
