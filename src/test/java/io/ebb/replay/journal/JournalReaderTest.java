package io.ebb.replay.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.interest.EventType;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.RecordedCapture;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.CapturedTopic;
import io.ebb.user.UserEvent.InterestsCaptured;
import io.ebb.user.UserEvent.UserForgotten;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one user's journal reads for tuning: behaviour and captures, and nothing from before a forget. */
class JournalReaderTest {

  private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");

  private static BehaviorRecorded rated(String eventId, String item, int second) {
    return new BehaviorRecorded(eventId, item, EventType.RATE, 4.5, T.plusSeconds(second), Map.of());
  }

  private static InterestsCaptured captured(int second, String topic) {
    return new InterestsCaptured(T.plusSeconds(second),
        List.of(new CapturedTopic(topic, 0.9, "long", new float[] {0.6f, 0.8f}),
            new CapturedTopic("second " + topic, 0.3, "short", new float[] {1f, 0f})),
        "Recently: …", "ebb-summariser/1", "none");
  }

  @Test
  void behaviourAndCapturesAreReadInJournalOrder() {
    JournalReader.Journals j = JournalReader.read("u1", List.of(
        rated("e1", "m1", 0), captured(400, "crime"), rated("e2", "m2", 500), captured(900, "heists")));

    assertThat(j.interactions()).containsExactly(
        new Interaction("u1", "m1", T.toEpochMilli(), EventType.RATE, 4.5),
        new Interaction("u1", "m2", T.plusSeconds(500).toEpochMilli(), EventType.RATE, 4.5));
    assertThat(j.captures()).extracting(RecordedCapture::epochMilli)
        .containsExactly(T.plusSeconds(400).toEpochMilli(), T.plusSeconds(900).toEpochMilli());
    RecordedCapture first = j.captures().get(0);
    assertThat(first.userId()).isEqualTo("u1");
    assertThat(first.modelId()).isEqualTo("ebb-summariser/1");
    assertThat(first.topics()).containsExactly(
        new RecordedCapture.Topic("crime", 0.9, "long", new float[] {0.6f, 0.8f}),
        new RecordedCapture.Topic("second crime", 0.3, "short", new float[] {1f, 0f}));
  }

  @Test
  void nothingBeforeAForgetCounts() {
    JournalReader.Journals j = JournalReader.read("u1", List.of(
        rated("e1", "m1", 0), captured(400, "before"), new UserForgotten(T.plusSeconds(600)),
        rated("e2", "m2", 700), captured(1000, "after")));

    assertThat(j.interactions()).extracting(Interaction::itemId).containsExactly("m2");
    assertThat(j.captures()).hasSize(1);
    assertThat(j.captures().get(0).topics().get(0).topic()).isEqualTo("after");
  }
}
