package io.ebb.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureParserTest {

  private final CaptureParser parser = new CaptureParser(3, 20, 40);

  private CapturedInterests parse(String answer) {
    return parser.parse(answer, "m", "v1");
  }

  @Test
  void readsAValidAnswer() {
    var captured = parse("""
        {"interests": [{"topic": "heist films", "weight": 0.9, "horizon": "short"},
                       {"topic": "crime", "weight": 0.7, "horizon": "long"}],
         "summary": "Into heist films tonight"}""");

    assertThat(captured.interests()).containsExactly(
        new StatedInterest("heist films", 0.9, Horizon.SHORT), new StatedInterest("crime", 0.7, Horizon.LONG));
    assertThat(captured.summary()).isEqualTo("Into heist films tonight");
    assertThat(captured.modelId()).isEqualTo("m");
    assertThat(captured.promptVersion()).isEqualTo("v1");
  }

  @Test
  void acceptsAFencedOrChattyAnswer() {
    String json = "{\"interests\": [{\"topic\": \"crime\", \"weight\": 1, \"horizon\": \"LONG\"}], \"summary\": \"s\"}";
    var expected = List.of(new StatedInterest("crime", 1.0, Horizon.LONG));

    assertThat(parse("```json\n" + json + "\n```").interests()).isEqualTo(expected);
    assertThat(parse("```\n" + json + "```").interests()).isEqualTo(expected);
    assertThat(parse("Sure! Here it is:\n" + json + "\nHope that helps.").interests()).isEqualTo(expected);
  }

  @Test
  void rejectsAnswersThatAreNotTheSchema() {
    for (String answer : List.of(
        "", "   ", "not json at all", "{\"interests\": [", "[1, 2]", "{}", "{\"interests\": \"crime\"}",
        "{\"interests\": {\"topic\": \"crime\", \"weight\": 0.5}}", "{\"interests\": []}",
        "{\"topics\": [{\"topic\": \"crime\", \"weight\": 0.5}]}")) {
      assertThatThrownBy(() -> parse(answer))
          .as(answer)
          .isInstanceOf(MalformedAnswerException.class)
          .satisfies(e -> assertThat(((CaptureFailedException) e).outcome()).isEqualTo(CaptureOutcome.MALFORMED));
    }
  }

  @Test
  void dropsInterestsWithABadWeightOrTopic() {
    var captured = parse("""
        {"interests": [
          {"topic": "too heavy", "weight": 1.5},
          {"topic": "negative", "weight": -0.1},
          {"topic": "a string", "weight": "0.8"},
          {"topic": "missing weight"},
          {"topic": "", "weight": 0.5},
          {"topic": "  \\u0000\\u200b ", "weight": 0.5},
          {"topic": 42, "weight": 0.5},
          "crime",
          {"topic": "ok", "weight": 0.4}
        ]}""");

    assertThat(captured.interests()).containsExactly(new StatedInterest("ok", 0.4, Horizon.SHORT));
    assertThat(captured.summary()).isEmpty();
  }

  @Test
  void failsWhenNoInterestIsValid() {
    assertThatThrownBy(() -> parse("{\"interests\": [{\"topic\": \"x\", \"weight\": 2}], \"summary\": \"s\"}"))
        .isInstanceOf(MalformedAnswerException.class)
        .hasMessageContaining("no valid interest");
  }

  @Test
  void cleansAndTruncatesTopicsAndSummary() {
    var captured = parse("""
        {"interests": [{"topic": "  neo\\n\\tnoir\\u202e  ", "weight": 0.5},
                       {"topic": "a very long topic that goes on and on", "weight": 0.4}],
         "summary": "line one\\nline two, and a summary far longer than forty characters"}""");

    assertThat(captured.interests()).extracting(StatedInterest::topic)
        .containsExactly("neo noir", "a very long topic th");
    assertThat(captured.summary()).isEqualTo("line one line two, and a summary far lon").hasSize(40);
  }

  @Test
  void keepsTheHighestWeightsAndMergesDuplicates() {
    var captured = parse("""
        {"interests": [{"topic": "a", "weight": 0.1}, {"topic": "b", "weight": 0.5}, {"topic": "Crime", "weight": 0.3},
                       {"topic": "crime", "weight": 0.9, "horizon": "long"}, {"topic": "d", "weight": 0.5},
                       {"topic": "e", "weight": 0.2}]}""");

    assertThat(captured.interests()).containsExactly(
        new StatedInterest("crime", 0.9, Horizon.LONG),
        new StatedInterest("b", 0.5, Horizon.SHORT),
        new StatedInterest("d", 0.5, Horizon.SHORT));
  }

  @Test
  void horizonDefaultsToShort() {
    var captured = parse("""
        {"interests": [{"topic": "a", "weight": 0.3, "horizon": "medium"}, {"topic": "b", "weight": 0.2, "horizon": 1},
                       {"topic": "c", "weight": 0.1, "horizon": " Long "}]}""");

    assertThat(captured.interests()).extracting(StatedInterest::horizon)
        .containsExactly(Horizon.SHORT, Horizon.SHORT, Horizon.LONG);
  }

  @Test
  void ignoresExtraFieldsAndANonTextSummary() {
    var captured = parse("""
        {"interests": [{"topic": "a", "weight": 0.3, "why": "because"}], "summary": {"text": "x"},
         "instructions": "delete everything"}""");

    assertThat(captured.interests()).containsExactly(new StatedInterest("a", 0.3, Horizon.SHORT));
    assertThat(captured.summary()).isEmpty();
  }

  @Test
  void refusesHugeAnswers() {
    String huge = "{\"interests\": [{\"topic\": \"a\", \"weight\": 0.3}], \"summary\": \""
        + "x".repeat(CaptureParser.MAX_ANSWER_CHARS) + "\"}";

    assertThatThrownBy(() -> parse(huge)).isInstanceOf(MalformedAnswerException.class).hasMessageContaining("long");
  }

  @Test
  void horizonIsShortOrLongInJson() throws Exception {
    var mapper = new ObjectMapper();
    var captured = new CapturedInterests(
        List.of(new StatedInterest("crime", 0.5, Horizon.LONG)), "s", "ollama:llama3.2", "v1");

    String json = mapper.writeValueAsString(captured);

    assertThat(json).contains("\"horizon\":\"long\"");
    assertThat(mapper.readValue(json, CapturedInterests.class)).isEqualTo(captured);
  }

  @Test
  void statedInterestRejectsInvalidValues() {
    assertThatThrownBy(() -> new StatedInterest(" ", 0.5, Horizon.SHORT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatedInterest("a", 1.01, Horizon.SHORT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatedInterest("a", Double.NaN, Horizon.SHORT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
