package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests that Pekko refuses before any route sees them answer JSON too, with the handler configured as
 * {@code pekko.http.server.parsing.error-handler}.
 */
class JsonParsingErrorHandlerTest {

  @Test
  void aUriOverTheLimitIsAJson414() throws Exception {
    try (EbbNode node =
        TestNode.start(Map.of("pekko.http.server.parsing.error-handler", JsonParsingErrorHandler.class.getName()))) {
      FuzzClient http = new FuzzClient(node.httpPort());
      FuzzClient.Answer a = http.get("/v1/users/u-1/recommendations?context.device=" + "x".repeat(3000));
      assertThat(a.status()).as(a.clipped()).isEqualTo(414);
      assertThat(a.contentType()).startsWith("application/json");
      assertThat(a.json().path("error").asText()).isEqualTo("too_large");
      assertThat(a.json().path("message").asText()).contains("URI");
      assertThat(http.get("/health/ready").status()).isEqualTo(200);
    }
  }
}
