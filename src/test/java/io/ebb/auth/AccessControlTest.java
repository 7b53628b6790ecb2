package io.ebb.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ebb.auth.Access.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The decisions of {@link AccessControl} without HTTP: the scope table, where keys come from, rates, reloads. */
class AccessControlTest {

  private static final String READER = "reader-key";
  private static final String WRITER = "writer-key";
  private static final String ADMIN = "admin-key";
  private static final String SLOW = "slow-key";

  @TempDir Path dir;
  private Path file;
  private final AtomicLong now = new AtomicLong();
  private AccessControl control;
  private final Logger log = (Logger) LoggerFactory.getLogger(ApiKeys.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @AfterEach
  void detach() {
    log.detachAppender(logged);
  }

  @BeforeEach
  void writeKeys() throws Exception {
    logged.start();
    log.addAppender(logged);
    file = dir.resolve("api-keys");
    Files.writeString(
        file,
        String.join(
            "\n",
            "reader read " + ApiKey.hashOf(READER),
            "writer write " + ApiKey.hashOf(WRITER),
            "admin admin " + ApiKey.hashOf(ADMIN),
            "slow read,write " + ApiKey.hashOf(SLOW) + " 2",
            ""));
    control = AccessControl.load(file, now::get);
  }

  private Access ask(String key, String method, String path) {
    return control.decide(method, segments(path), Optional.of("Bearer " + key), List.of());
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  @Test
  void eachEndpointNeedsTheScopeOfApiMd() {
    assertThat(Endpoints.needed("GET", segments("/health/ready"))).isEmpty();
    assertThat(Endpoints.needed("GET", segments("/health/alive"))).isEmpty();
    assertThat(Endpoints.needed("GET", segments("/console/index.html"))).isEmpty();
    assertThat(Endpoints.needed("GET", segments("/console"))).isEmpty();
    assertNeeds(Scope.READ, "GET", "/v1/items/m-1", "/v1/items/m-1/similar", "/v1/users/u-1/recommendations",
        "/v1/users/u-1/interests", "/ws/v1/users/u-1/recommendations");
    assertNeeds(Scope.READ, "HEAD", "/v1/items/m-1");
    assertNeeds(Scope.READ, "GET", "/v1/items", "/v1/model", "/v1/cluster");
    assertNeeds(Scope.WRITE, "POST", "/v1/events", "/v1/events/batch");
    assertNeeds(Scope.WRITE, "GET", "/ws/v1/events");
    assertNeeds(Scope.ADMIN, "PUT", "/v1/items/m-1");
    assertNeeds(Scope.ADMIN, "POST", "/v1/items");
    assertNeeds(Scope.ADMIN, "DELETE", "/v1/users/u-1", "/v1/items/m-1");
    assertNeeds(Scope.ADMIN, "GET", "/metrics", "/v1/settings", "/v1/settings/active");
    // Not listed: closed to all but admin, whatever comes there later.
    assertNeeds(Scope.ADMIN, "GET", "/", "/v2/items/m-1", "/ws/v2/events", "/healthz");
    assertNeeds(Scope.ADMIN, "POST", "/v1/events/other", "/ws/v1/events");
  }

  private static void assertNeeds(Scope scope, String method, String... paths) {
    for (String path : paths) {
      assertThat(Endpoints.needed(method, segments(path))).as("%s %s", method, path).contains(scope);
    }
  }

  @Test
  void withoutAKeyOrWithAnUnknownOneARequestIsUnauthorized() {
    assertThat(control.decide("GET", segments("/v1/items/m-1"), Optional.empty(), List.of()).verdict())
        .isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(ask("not-a-key", "GET", "/v1/items/m-1").verdict()).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(control.decide("GET", segments("/v1/items/m-1"), Optional.of("Basic " + READER), List.of()).verdict())
        .isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(control.decide("GET", segments("/health/ready"), Optional.empty(), List.of()).granted()).isTrue();
  }

  @Test
  void scopesDecideWhatAKnownKeyMayDo() {
    assertThat(ask(READER, "GET", "/v1/users/u-1/recommendations").granted()).isTrue();
    Access denied = ask(READER, "POST", "/v1/events");
    assertThat(denied.verdict()).isEqualTo(Verdict.FORBIDDEN);
    assertThat(denied.message()).contains("\"reader\"", "read", "needs write").doesNotContain(READER);
    assertThat(ask(WRITER, "POST", "/v1/events/batch").granted()).isTrue();
    assertThat(ask(WRITER, "GET", "/v1/items/m-1").verdict()).isEqualTo(Verdict.FORBIDDEN);
    assertThat(ask(WRITER, "PUT", "/v1/items/m-1").verdict()).isEqualTo(Verdict.FORBIDDEN);
    assertThat(ask(WRITER, "DELETE", "/v1/users/u-1").verdict()).isEqualTo(Verdict.FORBIDDEN);
    for (String[] request : new String[][] {
        {"PUT", "/v1/items/m-1"}, {"DELETE", "/v1/users/u-1"}, {"GET", "/metrics"}, {"POST", "/v1/events"},
        {"GET", "/v1/items/m-1"}, {"GET", "/ws/v1/events"}}) {
      assertThat(ask(ADMIN, request[0], request[1]).granted()).as("admin %s %s", request[0], request[1]).isTrue();
    }
  }

  @Test
  void aSocketMayCarryItsKeyAsTheBearerSubprotocol() {
    List<String> offered = List.of("graphql-ws", "bearer." + WRITER);
    assertThat(control.decide("GET", segments("/ws/v1/events"), Optional.empty(), offered).granted()).isTrue();
    assertThat(Credentials.bearerSubprotocol(offered)).contains("bearer." + WRITER);
    assertThat(Credentials.bearerSubprotocol(List.of("bearer.", "chat"))).isEmpty();
    assertThat(control.decide("GET", segments("/ws/v1/events"), Optional.empty(), List.of("bearer.nope")).verdict())
        .isEqualTo(Verdict.UNAUTHORIZED);
  }

  @Test
  void aKeyOverItsRateIsToldWhenToRetry() {
    assertThat(ask(SLOW, "GET", "/v1/items/m-1").granted()).isTrue();
    assertThat(ask(SLOW, "POST", "/v1/events").granted()).isTrue();
    Access limited = ask(SLOW, "GET", "/v1/items/m-1");
    assertThat(limited.verdict()).isEqualTo(Verdict.RATE_LIMITED);
    // The next token is half a second away: Retry-After rounds up to whole seconds.
    assertThat(limited.retryAfterSeconds()).isEqualTo(1);
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(ask(SLOW, "GET", "/v1/items/m-1").granted()).isTrue();
    // Other keys are not slowed down by this one.
    assertThat(ask(READER, "GET", "/v1/items/m-1").granted()).isTrue();
  }

  @Test
  void aChangedFileIsTakenAndABrokenOneKeepsTheKeysReadBefore() throws Exception {
    assertThat(ask("new-key", "GET", "/v1/items/m-1").verdict()).isEqualTo(Verdict.UNAUTHORIZED);
    Files.writeString(file, Files.readString(file) + "new read " + ApiKey.hashOf("new-key") + "\n");
    control.reload();
    assertThat(ask("new-key", "GET", "/v1/items/m-1").granted()).isTrue();

    Files.writeString(file, "this line is not a key\n");
    control.reload();
    control.reload();
    control.reload();
    assertThat(ask("new-key", "GET", "/v1/items/m-1").granted()).as("the last good keys").isTrue();
    Files.delete(file);
    control.reload();
    control.reload();
    assertThat(ask(READER, "GET", "/v1/items/m-1").granted()).isTrue();
    // Each broken state of the file is reported once, however often it is read.
    assertThat(logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage))
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("line 1", "keys read before stay in use"))
        .anySatisfy(m -> assertThat(m).contains("cannot read"));

    Files.writeString(file, "reader read " + ApiKey.hashOf(READER) + "\n");
    control.reload();
    assertThat(ask("new-key", "GET", "/v1/items/m-1").verdict()).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(control.keys().all()).extracting(ApiKey::name).containsExactly("reader");
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(READER));
  }
}
