package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebb.interest.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic CSV form, on small files. */
class CsvDatasetReaderTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsItemsAndEventsWithDefaultsAndBothTimestampForms() throws IOException {
    Path items = write("items.csv", """
        itemId,title,description,tags
        m-1,"Heat, the film","A crime saga, in LA.",crime|thriller
        m-2,Ronin,,action
        m-3,Notting Hill
        """);
    Path events = write("events.csv", """
        userId,itemId,timestamp,type,value
        u-1,m-1,964982703,,
        u-1,m-2,2018-09-01T10:15:30Z,rate,4.5
        u-2,m-3,2018-09-01T12:15:30+02:00,purchase,
        """);

    Dataset d = CsvDatasetReader.read(items, events);

    assertThat(d.items()).containsExactly(
        new DatasetItem("m-1", "Heat, the film", "A crime saga, in LA.", java.util.List.of("crime", "thriller")),
        new DatasetItem("m-2", "Ronin", "", java.util.List.of("action")),
        new DatasetItem("m-3", "Notting Hill", "", java.util.List.of()));
    assertThat(d.interactions()).containsExactly(
        new Interaction("u-1", "m-1", 964_982_703_000L, EventType.VIEW, null),
        new Interaction("u-1", "m-2", Instant.parse("2018-09-01T10:15:30Z").toEpochMilli(), EventType.RATE, 4.5),
        new Interaction("u-2", "m-3", Instant.parse("2018-09-01T10:15:30Z").toEpochMilli(), EventType.PURCHASE, null));
    assertThat(d.report()).isEqualTo(new DatasetReport(3, 0, java.util.List.of()));
  }

  @Test
  void unknownItemsAreDroppedAndCountedAndBadRowsReportedWithTheirLine() throws IOException {
    Path items = write("items.csv", "itemId,title\n1,One\n2,Two\n,No id\n2,Two again\n");
    Path events = write("events.csv", """
        userId,itemId,timestamp,type,value
        u,1,100
        u,99,100
        u,2,yesterday
        u,2,100,teleport
        u,2,100,rate,
        u,2,100,rate,9
        u,2,100,view,lots
        u,2
        u,"2",101,like
        """);

    Dataset d = CsvDatasetReader.read(items, events);

    assertThat(d.items()).extracting(DatasetItem::itemId).containsExactly("1", "2");
    assertThat(d.interactions()).extracting(Interaction::type).containsExactly(EventType.VIEW, EventType.LIKE);
    assertThat(d.report().rows()).isEqualTo(9);
    assertThat(d.report().droppedUnknownItem()).isEqualTo(1);
    assertThat(d.report().badRows()).containsExactly(
        "items.csv line 4: itemId is empty",
        "items.csv line 5: itemId '2' is repeated (first on line 3); the first is kept",
        "events.csv line 4: timestamp 'yesterday' is not epoch seconds or ISO-8601",
        "events.csv line 5: type 'teleport' is not one of " + EventType.wireNames(),
        "events.csv line 6: a rate event needs a value (0.5 to 5.0)",
        "events.csv line 7: value 9.0 of a rate event is not within 0.5 to 5.0",
        "events.csv line 8: value 'lots' is not a number",
        "events.csv line 9: expected at least 3 fields, found 2");
  }

  @Test
  void aHeaderWithoutTheRequiredColumnsIsRejected() throws IOException {
    Path items = write("items.csv", "id,name\n1,One\n");
    Path events = write("events.csv", "userId,itemId,timestamp\n");

    assertThatThrownBy(() -> CsvDatasetReader.read(items, events))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("items.csv line 1")
        .hasMessageContaining("missing: itemid,title");
  }

  @Test
  void extraColumnsAreItemAttributesAndEventContextNumbersWhereTheyParse() throws IOException {
    Path items = write("items.csv", """
        itemId,title,description,tags,attr.lat,attr.lon,attr.Hood
        v-1,Cafe Grumpy,,,40.7420,-73.9890,Chelsea
        v-2,Union Square,,,,,
        """);
    Path events = write("events.csv", """
        userId,itemId,timestamp,type,value,context.lat,context.lon,context.tz
        u-1,v-1,2010-10-11T20:21:20Z,view,,40.7414,-73.9881,America/New_York
        u-1,v-2,2010-10-11T21:00:00Z,,,1e1,.5,-05:00
        u-2,v-2,2010-10-11T22:00:00Z,,,,,
        """);

    Dataset d = CsvDatasetReader.read(items, events);

    assertThat(d.items()).extracting(DatasetItem::attributes).containsExactly(
        java.util.Map.of("lat", 40.742, "lon", -73.989, "Hood", "Chelsea"), java.util.Map.of());
    assertThat(d.interactions()).extracting(Interaction::context).containsExactly(
        java.util.Map.of("lat", 40.7414, "lon", -73.9881, "tz", "America/New_York"),
        java.util.Map.of("lat", 10.0, "lon", 0.5, "tz", "-05:00"),
        java.util.Map.of());
    assertThat(d.report().badRows()).isEmpty();
  }
}
