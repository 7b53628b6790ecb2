package io.ebb.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ebb.llm.LlmFixtures.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("io.ebb.llm.FailureLogTest.capture");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final ManualTicker ticker = new ManualTicker();
  private final FailureLog log = new FailureLog(logger, Duration.ofSeconds(60), ticker);

  FailureLogTest() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  @Test
  void logsEachKindAtMostOncePerIntervalWithTheCountSuppressed() {
    var down = new CaptureFailedException(CaptureOutcome.UNAVAILABLE, "connection refused");

    assertThat(log.failed(CaptureOutcome.UNAVAILABLE, down)).isTrue();
    assertThat(log.failed(CaptureOutcome.UNAVAILABLE, down)).isFalse();
    assertThat(log.failed(CaptureOutcome.TIMEOUT, null)).as("another kind").isTrue();
    ticker.advance(Duration.ofSeconds(59));
    assertThat(log.failed(CaptureOutcome.UNAVAILABLE, down)).isFalse();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(log.failed(CaptureOutcome.UNAVAILABLE, down)).isTrue();
    assertThat(log.failed(CaptureOutcome.UNAVAILABLE, down)).isFalse();

    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "LLM interest capture failed (unavailable): unavailable: connection refused",
        "LLM interest capture failed (timeout): ",
        "LLM interest capture failed (unavailable): unavailable: connection refused "
            + "(2 more unavailable since the last report)");
  }
}
