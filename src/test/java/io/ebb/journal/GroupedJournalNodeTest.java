package io.ebb.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ebb.app.EbbNode;
import io.ebb.testing.TestCassandra;
import io.ebb.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.junit.jupiter.api.Test;

/** The journal's session as a whole node gets it from Pekko, against the shared test node (group commit log). */
class GroupedJournalNodeTest {

  private static CqlSession journalSession(EbbNode node) throws Exception {
    return CassandraSessionRegistry.get(node.system())
        .sessionFor("pekko.persistence.cassandra")
        .underlying()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void autoLeavesTheWritesOfANodeWhoseCommitLogSyncsFirstUngrouped() throws Exception {
    try (EbbNode node = TestNode.start()) {
      assertThat(journalSession(node)).isNotInstanceOf(GroupedWritesSession.class);
    }
  }

  @Test
  void withGroupingOnEveryAcknowledgedEventOfManyConcurrentUsersIsInTheJournal() throws Exception {
    try (EbbNode node = TestNode.start(Map.of(
        "ebb.journal.write-groups.enabled", "on",
        "ebb.journal.write-groups.max-in-flight", 2))) {
      GroupedWritesSession session = (GroupedWritesSession) journalSession(node);
      HttpClient http = HttpClient.newHttpClient();
      String run = "grouped-node-" + UUID.randomUUID().toString().substring(0, 8);
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int user = 0; user < 60; user++) {
        for (int e = 0; e < 2; e++) {
          String body = "{\"eventId\":\"" + run + "-" + user + "-" + e + "\",\"userId\":\"" + run + "-" + user
              + "\",\"itemId\":\"i-" + e + "\",\"type\":\"view\"}";
          answers.add(http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/events"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString()));
        }
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

      assertThat(answers).allSatisfy(a -> assertThat(a.join().statusCode()).isEqualTo(202));
      for (int user = 0; user < 60; user++) {
        assertThat(TestCassandra.get().journalRows("UserInterest|" + run + "-" + user))
            .as("journal rows of user %d", user).isEqualTo(2);
      }
      // 60 all_persistence_ids rows and 120 events at least, in fewer groups than rows.
      assertThat(session.rowsWritten()).isGreaterThanOrEqualTo(180);
      assertThat(session.groupsWritten()).isLessThan(session.rowsWritten());
    }
  }
}
