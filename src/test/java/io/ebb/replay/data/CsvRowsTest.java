package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How Jackson's CSV parser is set up for the dataset readers: RFC 4180, line numbers, lenient where files are. */
class CsvRowsTest {

  private static List<CsvRows.Row> read(String text, List<String> bad) throws IOException {
    List<CsvRows.Row> rows = new ArrayList<>();
    try (CsvRows csv = CsvRows.of(text)) {
      for (CsvRows.Row row = csv.nextOrReport("f.csv", bad); row != null; row = csv.nextOrReport("f.csv", bad)) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<CsvRows.Row> read(String text) throws IOException {
    List<String> bad = new ArrayList<>();
    List<CsvRows.Row> rows = read(text, bad);
    assertThat(bad).isEmpty();
    return rows;
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
    List<CsvRows.Row> rows = read("""
        id,title,genres
        11,"American President, The (1995)",Comedy|Drama|Romance
        12,"Dracula: Dead and Loving It (1995)",Comedy
        13,"The ""Great"" Escape",War
        14,"two
        lines",Drama
        15,plain,""
        16,a "quote" inside,x
        """);

    assertThat(rows).hasSize(7);
    assertThat(rows.get(1).fields()).containsExactly("11", "American President, The (1995)", "Comedy|Drama|Romance");
    assertThat(rows.get(3).get(1)).isEqualTo("The \"Great\" Escape");
    assertThat(rows.get(4).get(1)).isEqualTo("two\nlines");
    assertThat(rows.get(5).fields()).containsExactly("15", "plain", "");
    assertThat(rows.get(6).get(1)).as("a quote inside an unquoted field is a character").isEqualTo("a \"quote\" inside");
    assertThat(rows.get(6).getOrEmpty(5)).isEmpty();
    // the line a record starts on, counting the line break inside the quoted field
    assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1L, 2L, 3L, 4L, 5L, 7L, 8L);
  }

  @Test
  void crlfLineEndsAByteOrderMarkAndBlankLinesAreHandled() throws IOException {
    List<CsvRows.Row> rows = read("\uFEFFa,b\r\n1,2\r\n\r\n3,\"x\"\r\n\n4,\"y\r\nz\"");

    assertThat(rows).extracting(CsvRows.Row::fields)
        .containsExactly(List.of("a", "b"), List.of("1", "2"), List.of("3", "x"), List.of("4", "y\r\nz"));
    assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1L, 2L, 4L, 6L);
  }

  @Test
  void aQuoteLeftOpenIsReportedWithTheLineItOpensOnAndEndsTheFile() throws IOException {
    List<String> bad = new ArrayList<>();

    List<CsvRows.Row> rows = read("a,b\n1,2\n3,\"never closed\n4,5\n", bad);

    assertThat(rows).hasSize(2);
    assertThat(bad).singleElement().asString()
        .startsWith("f.csv line 3: ")
        .contains("closing quote")
        .endsWith("; the rest of the file was not read");
  }
}
