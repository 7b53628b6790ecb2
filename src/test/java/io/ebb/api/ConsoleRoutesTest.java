package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's static files and its charting library, served from the classpath over real HTTP. */
class ConsoleRoutesTest {

  private static ActorSystem<Void> system;
  private static String base;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void bind() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "console-routes", ConfigFactory.parseString(
        "pekko.actor.provider = local\npekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off"));
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(new ConsoleRoutes().route())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theStartPageIsServedAtTheFolderPath() throws Exception {
    var page = get("/console/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<title>Ebb console</title>").contains("js/main.js");
  }

  @Test
  void theFolderWithoutItsSlashRedirectsRelatively() throws Exception {
    var page = get("/console");
    assertThat(page.statusCode()).isEqualTo(301);
    assertThat(page.headers().firstValue("Location")).hasValue("console/");
  }

  @Test
  void modulesAreJavaScriptAndTheChartLibraryComesFromItsWebJar() throws Exception {
    var module = get("/console/js/main.js");
    assertThat(module.statusCode()).isEqualTo(200);
    assertThat(module.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    var uplot = get("/console/lib/uplot/uPlot.esm.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(uplot.body()).contains("export { uPlot as default }");
    assertThat(get("/console/lib/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
  }

  @Test
  void nothingOutsideTheConsoleFolderIsReachable() throws Exception {
    assertThat(get("/console/../application.conf").statusCode()).isNotEqualTo(200);
    assertThat(get("/console/%2e%2e/application.conf").statusCode()).isNotEqualTo(200);
    assertThat(get("/console/lib/uplot/../package.json").statusCode()).isNotEqualTo(200);
    assertThat(get("/console/no-such-file.js").statusCode()).isEqualTo(404);
  }
}
