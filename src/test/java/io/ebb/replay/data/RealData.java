package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real data, read in place (never copied into the project). */
public final class RealData {

  private RealData() {}

  /** {@code ../shared/data/ml-latest-small} from the project root; fails the test clearly when it is missing. */
  public static Path mlLatestSmall() {
    Path dir = Path.of("..", "shared", "data", "ml-latest-small");
    assertThat(Files.isRegularFile(dir.resolve("ratings.csv")))
        .as("the MovieLens data is expected at %s (relative to the project root %s); these tests read it in place",
            dir, Path.of("").toAbsolutePath())
        .isTrue();
    return dir;
  }
}
