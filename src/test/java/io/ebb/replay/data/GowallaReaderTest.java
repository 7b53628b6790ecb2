package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebb.interest.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gowalla layout: on small hand-written files, gzip or not, and on the slice the tests carry. */
class GowallaReaderTest {

  @TempDir
  Path dir;

  @Test
  void venuesAreItemsWithCoordinatesAndCheckInsViewsWithTheirPlaceAndZone() throws IOException {
    Files.writeString(dir.resolve(GowallaReader.VENUES),
        "23261\tJFK Airport\t40.6438845363\t-73.7828063965\n16907\tUnion Square\t40.74137425\t-73.9881052167\n"
            + "99\t\t40.7\t-73.9\n16907\tagain\t1\t2\n");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(GowallaReader.EVENTS + ".gz")))) {
      out.write(("0\t2010-10-12T00:21:28Z\t40.6438845363\t-73.78280639649999\t23261\n"
          + "0\t2010-10-11T20:21:20Z\t40.74137425\t-73.9881052167\t16907\n"
          + "1\t2010-10-11T20:20:42Z\t40.741388197\t-73.98945450779999\t12973\n"
          + "1\tyesterday\t40.7\t-73.9\t16907\n"
          + "1\t2010-10-11T20:20:42Z\t140.7\t-73.9\t16907\n"
          + "1\t2010-10-11T20:20:42Z\t40.7\n").getBytes(StandardCharsets.UTF_8));
    }

    Dataset d = GowallaReader.read(dir);

    assertThat(d.items()).containsExactly(
        new DatasetItem("23261", "JFK Airport", "", List.of(), Map.of("lat", 40.6438845363, "lon", -73.7828063965)),
        new DatasetItem("16907", "Union Square", "", List.of(), Map.of("lat", 40.74137425, "lon", -73.9881052167)));
    assertThat(d.interactions()).containsExactly(
        new Interaction("0", "23261", Instant.parse("2010-10-12T00:21:28Z").toEpochMilli(), EventType.VIEW, null,
            Map.of("lat", 40.6438845363, "lon", -73.78280639649999, "tz", "America/New_York")),
        new Interaction("0", "16907", Instant.parse("2010-10-11T20:21:20Z").toEpochMilli(), EventType.VIEW, null,
            Map.of("lat", 40.74137425, "lon", -73.9881052167, "tz", "America/New_York")));
    assertThat(d.report().rows()).isEqualTo(6);
    assertThat(d.report().droppedUnknownItem()).isEqualTo(1);
    assertThat(d.report().badRows()).containsExactly(
        "gowalla_venues.csv line 3: name is empty",
        "gowalla_venues.csv line 4: venueId 16907 is repeated; the first row is kept",
        "gowalla_events.csv.gz line 4: timestamp 'yesterday' is not epoch seconds or ISO-8601",
        "gowalla_events.csv.gz line 5: latitude '140.7' is not a number within ±90",
        "gowalla_events.csv.gz line 6: expected 5 tab-separated fields (userId, time, latitude, longitude, venueId),"
            + " found 3");
  }

  @Test
  void theSliceTheTestsCarryReadsWhole() throws IOException {
    Dataset d = GowallaReader.read(RealData.gowallaNycSlice());

    assertThat(d.name()).isEqualTo("gowalla-nyc-slice");
    assertThat(d.items()).hasSize(189);
    assertThat(d.interactions()).hasSize(2951);
    assertThat(d.interactions().stream().map(Interaction::userId).distinct().count()).isEqualTo(181);
    assertThat(d.report()).isEqualTo(new DatasetReport(2951, 0, List.of()));
    assertThat(d.interactions()).allSatisfy(e -> assertThat((Double) e.context().get("lat")).isBetween(40.735, 40.745));
  }

  @Test
  void aFolderWithoutTheFilesIsRefused() {
    assertThatThrownBy(() -> GowallaReader.read(dir))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("not a Gowalla folder");
  }
}
