package io.ebb.llm;

import static io.ebb.llm.LlmFixtures.NOW;
import static io.ebb.llm.LlmFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.TagWeight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryCapturerTest {

  private final SummaryCapturer summariser = SummaryCapturer.from(LlmFixtures.settings(Map.of()));

  @Test
  void statesTheTopTagsScaledWithTheDominantOnesLong() {
    var captured = summariser.summarise(request());

    assertThat(captured.interests()).containsExactly(
        new StatedInterest("crime", 1.0, Horizon.LONG),
        new StatedInterest("thriller", 0.833, Horizon.LONG),
        new StatedInterest("action", 0.208, Horizon.SHORT));
    assertThat(captured.summary()).isEqualTo("Recently: Ronin, Heat; mostly crime, thriller");
    assertThat(captured.modelId()).isEqualTo("ebb-summariser/1").isEqualTo(summariser.modelId());
    assertThat(captured.promptVersion()).isEqualTo("none");
  }

  @Test
  void theSameRequestGivesTheSameAnswerWhateverTheInputOrder() {
    var tags = new ArrayList<>(List.of(new TagWeight("b", 1.0), new TagWeight("a", 1.0), new TagWeight("c", 0.5),
        new TagWeight("d", 2.0)));
    var first = summariser.summarise(new CaptureRequest("u", NOW, request().recent(), tags, Map.of()));
    Collections.reverse(tags);
    var second = summariser.summarise(new CaptureRequest("u", NOW, request().recent(), tags, Map.of()));

    assertThat(second).isEqualTo(first);
    assertThat(summariser.summarise(request())).isEqualTo(summariser.summarise(request()));
    assertThat(first.interests()).extracting(StatedInterest::topic).containsExactly("d", "a", "b", "c");
  }

  @Test
  void answersAtOnceOnTheCallersThread() {
    var stage = summariser.capture(request()).toCompletableFuture();

    assertThat(stage).isCompletedWithValue(summariser.summarise(request()));
  }

  @Test
  void leavesOutDislikedTagsAndKeepsAtMostMaxTopics() {
    var tags = new ArrayList<TagWeight>();
    for (int i = 0; i < 20; i++) {
      tags.add(new TagWeight("t" + i, 20 - i));
    }
    tags.add(new TagWeight("romance", -3.0));
    tags.add(new TagWeight("nan", Double.NaN));

    var captured = summariser.summarise(new CaptureRequest("u", NOW, List.of(), tags, Map.of()));

    assertThat(captured.interests()).hasSize(8);
    assertThat(captured.interests()).extracting(StatedInterest::topic).doesNotContain("romance", "nan");
    assertThat(captured.interests().get(0).weight()).isEqualTo(1.0);
    assertThat(captured.summary()).startsWith("Mostly t0, t1, t2");
  }

  @Test
  void withoutTagsUsesTheRecentItemsTags() {
    var recent = List.of(
        new RecentItem("m-1", "Heat", List.of("crime", "thriller"), "view", null, Duration.ofMinutes(1)),
        new RecentItem("m-2", "", List.of("crime", "crime"), "click", null, Duration.ofMinutes(2)));

    var captured = summariser.summarise(new CaptureRequest("u", NOW, recent, List.of(), Map.of()));

    assertThat(captured.interests()).containsExactly(
        new StatedInterest("crime", 1.0, Horizon.SHORT), new StatedInterest("thriller", 0.5, Horizon.SHORT));
    assertThat(captured.summary()).isEqualTo("Recently: Heat, m-2");
  }

  @Test
  void aUserWithNothingGetsNoInterests() {
    var captured = summariser.summarise(new CaptureRequest("u", NOW, null, null, null));

    assertThat(captured.interests()).isEmpty();
    assertThat(captured.summary()).isEqualTo("No recent activity");
  }

  @Test
  void theSummaryTakesTheThreeLatestDistinctTitlesAndIsBounded() {
    var recent = List.of(
        new RecentItem("a", "Old", List.of(), "view", null, Duration.ofDays(3)),
        new RecentItem("b", "Heat", List.of(), "view", null, Duration.ofMinutes(1)),
        new RecentItem("c", "Heat", List.of(), "view", null, Duration.ofMinutes(2)),
        new RecentItem("d", "Ronin", List.of(), "view", null, Duration.ofMinutes(3)),
        new RecentItem("e", "Alien\u0000\nResurrection", List.of(), "view", null, Duration.ofHours(1)));
    var shortSummaries = new SummaryCapturer(8, 60, 20);

    assertThat(summariser.summarise(new CaptureRequest("u", NOW, recent, List.of(), Map.of())).summary())
        .isEqualTo("Recently: Heat, Ronin, Alien Resurrection");
    assertThat(shortSummaries.summarise(new CaptureRequest("u", NOW, recent, List.of(), Map.of())).summary())
        .hasSize(20);
  }
}
