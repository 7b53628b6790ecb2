package io.ebb.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: static files from the jar ({@code console/} on the classpath) at {@code /console/}, and the
 * charting library from its WebJar at {@code /console/lib/uplot/}. The files hold no data: the page asks the API,
 * with a key when one is needed, so the access check leaves these paths open.
 */
final class ConsoleRoutes extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  /** The WebJar's folder of the built library, found from its version so that the pom alone names the version. */
  private final Optional<String> uplotDist = webJarVersion(UPLOT_POM)
      .map(version -> "META-INF/resources/webjars/uplot/" + version + "/dist");

  Route route() {
    return pathPrefix(
        "console",
        () ->
            get(
                () ->
                    concat(
                        // Relative, so that the page's relative links also work behind a proxy's path prefix.
                        pathEnd(() -> redirect(Uri.create("console/"), StatusCodes.MOVED_PERMANENTLY)),
                        pathSingleSlash(() -> getFromResource("console/index.html")),
                        pathPrefix("lib", () -> pathPrefix("uplot", this::uplot)),
                        getFromResourceDirectory("console"))));
  }

  private Route uplot() {
    return uplotDist.map(this::getFromResourceDirectory).orElseGet(this::reject);
  }

  private static Optional<String> webJarVersion(String pomProperties) {
    try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(pomProperties)) {
      if (in == null) {
        log.warn("{} is not on the classpath: the console's charts are not served", pomProperties);
        return Optional.empty();
      }
      Properties p = new Properties();
      p.load(in);
      return Optional.ofNullable(p.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pomProperties, e);
    }
  }
}
