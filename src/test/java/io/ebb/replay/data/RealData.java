package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.fail;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The real data the project carries for its tests, read in place from the test classpath. */
public final class RealData {

  private RealData() {}

  /**
   * MovieLens ml-latest-small, unmodified (licence and checksums in its {@code NOTICE.md}); fails the test clearly
   * when it is missing. Found through the classpath rather than the working directory, so it does not matter which
   * folder the tests are started from.
   */
  public static Path mlLatestSmall() {
    return folderOf("ml-latest-small", "ratings.csv");
  }

  /**
   * A slice of Gowalla check-ins around Union Square, New York (2,951 check-ins by 181 users at 189 venues; source,
   * citation and checksums in its {@code NOTICE.md}), in the tab-separated layout {@link GowallaReader} reads.
   */
  public static Path gowallaNycSlice() {
    return folderOf("gowalla-nyc-slice", GowallaReader.EVENTS);
  }

  private static Path folderOf(String folder, String file) {
    URL url = RealData.class.getResource("/" + folder + "/" + file);
    if (url == null) {
      return fail("the test data is missing: expected src/test/resources/%s/%s, which Maven copies onto the test"
          + " classpath as /%s/ (restore the folder from Git)", folder, file, folder);
    }
    if (!"file".equals(url.getProtocol())) {
      return fail("the test data must be a folder on the test classpath, not inside %s", url);
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read the test data's location " + url, e);
    }
  }
}
