package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a failed asynchronous step is answered with: the store's trouble is a 503 to retry, a bug a 500. */
class FailureAnswerTest {

  @Test
  void cassandraTimeoutsAndLostNodesAre503Unavailable() {
    for (Throwable failure : new Throwable[] {
        new CompletionException(new DriverTimeoutException("Query timed out after PT2S")),
        new NoNodeAvailableException(),
        new TimeoutException("ask timed out")}) {
      ApiException answer = JsonSupport.apiException(failure);
      assertThat(answer.status().intValue()).as(failure.toString()).isEqualTo(503);
      assertThat(answer.error().error()).isEqualTo("unavailable");
    }
  }

  @Test
  void anInvalidQueryIsABugAnswered500() {
    ApiException answer = JsonSupport.apiException(new InvalidQueryException(null, "unknown column"));
    assertThat(answer.status().intValue()).isEqualTo(500);
    assertThat(answer.error().error()).isEqualTo("internal");
  }
}
