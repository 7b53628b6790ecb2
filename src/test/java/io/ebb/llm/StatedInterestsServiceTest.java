package io.ebb.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebb.api.Http;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The acceptance run: a service whose LLM is an OpenAI-compatible server on loopback (the real LangChain4j
 * client speaks to it) shows that server's topics in {@code statedInterests} after five events of a user; with the
 * server answering garbage or gone, events keep getting 202 and recommendations 200.
 */
class StatedInterestsServiceTest {

  private static final String ANSWER =
      "{\"interests\": [{\"topic\": \"space opera\", \"weight\": 0.9, \"horizon\": \"short\"},"
          + " {\"topic\": \"desert planets\", \"weight\": 0.4, \"horizon\": \"long\"}],"
          + " \"summary\": \"Binge-watching space opera tonight\"}";

  @Test
  void aConfiguredModelsTopicsAreShownAndItsFailuresNeverReachTheApi() throws Exception {
    FakeChatServer server = new FakeChatServer().answering(FakeChatServer.Reply.content(ANSWER));
    EbbNode node =
        TestNode.start(
            Map.of(
                "ebb.llm.provider", "openai",
                "ebb.llm.base-url", server.baseUrl(),
                "ebb.llm.model", "test-model",
                "ebb.llm.capture-every", 5));
    try {
      Http http = new Http(node.httpPort());
      String user = "llm-" + UUID.randomUUID().toString().substring(0, 8);
      String item = "llm-item-" + UUID.randomUUID().toString().substring(0, 8);
      assertThat(http.put("/v1/items/" + item, "{\"title\": \"Dune\", \"tags\": [\"sci-fi\"]}").status())
          .isEqualTo(200);

      for (int i = 0; i < 5; i++) {
        assertThat(http.post("/v1/events", view(user, item)).status()).isEqualTo(202);
      }
      JsonNode interests = awaitStated(http, user);
      List<String> topics = new ArrayList<>();
      interests.path("statedInterests").forEach(t -> topics.add(t.path("topic").asText()));
      assertThat(topics).containsExactly("space opera", "desert planets");
      assertThat(interests.path("summary").asText()).isEqualTo("Binge-watching space opera tonight");
      assertThat(interests.path("eventCount").asLong()).as("captures are not behaviour").isEqualTo(5);
      assertThat(server.lastRequest().userMessage()).contains("Dune");

      server.answering(FakeChatServer.Reply.content("this is not JSON at all"));
      for (int i = 0; i < 6; i++) {
        assertThat(http.post("/v1/events", view(user, item)).status()).isEqualTo(202);
      }
      assertThat(http.get("/v1/users/" + user + "/recommendations").status()).isEqualTo(200);

      server.close(); // the model is gone
      for (int i = 0; i < 6; i++) {
        assertThat(http.post("/v1/events", view(user, item)).status()).isEqualTo(202);
      }
      assertThat(http.get("/v1/users/" + user + "/recommendations").status()).isEqualTo(200);
      JsonNode after = http.get("/v1/users/" + user + "/interests").body();
      assertThat(after.path("eventCount").asLong()).isEqualTo(17);
      assertThat(after.path("statedInterests")).as("the last good capture still stands").hasSize(2);
      assertThat(http.getText("/metrics").body())
          .contains("ebb_llm_requests_total{outcome=\"ok\"}", "ebb_llm_requests_total{outcome=\"malformed\"}");
    } finally {
      node.close();
      server.close();
    }
  }

  private static String view(String user, String item) {
    return Http.json(Map.of("userId", user, "itemId", item, "type", "view"));
  }

  private static JsonNode awaitStated(Http http, String user) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonNode body = http.get("/v1/users/" + user + "/interests").body();
      if (body.path("statedInterests").size() > 0 || System.nanoTime() > deadline) {
        return body;
      }
      Thread.sleep(100);
    }
  }
}
