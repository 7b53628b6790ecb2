package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.fail;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The real data the project carries for its tests, read in place from the test classpath. */
public final class RealData {

  /** Where the files live in the source tree; Maven copies them onto the test classpath. */
  private static final String SOURCE = "src/test/resources/ml-latest-small";

  private RealData() {}

  /**
   * MovieLens ml-latest-small, unmodified (licence and checksums in its {@code NOTICE.md}); fails the test clearly
   * when it is missing. Found through the classpath rather than the working directory, so it does not matter which
   * folder the tests are started from.
   */
  public static Path mlLatestSmall() {
    URL ratings = RealData.class.getResource("/ml-latest-small/ratings.csv");
    if (ratings == null) {
      return fail("the MovieLens test data is missing: expected %s/ratings.csv, which Maven copies onto the test"
          + " classpath as /ml-latest-small/ (restore the folder from Git)", SOURCE);
    }
    if (!"file".equals(ratings.getProtocol())) {
      return fail("the MovieLens test data must be a folder on the test classpath, not inside %s", ratings);
    }
    try {
      return Path.of(ratings.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read the test data's location " + ratings, e);
    }
  }
}
