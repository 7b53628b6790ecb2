package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 4180 reader. */
class CsvTest {

  private static List<Csv.Row> read(String text) throws IOException {
    List<Csv.Row> rows = new ArrayList<>();
    try (Csv csv = new Csv(new StringReader(text))) {
      for (Csv.Row row = csv.next(); row != null; row = csv.next()) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
    List<Csv.Row> rows = read("""
        id,title,genres
        11,"American President, The (1995)",Comedy|Drama|Romance
        12,"Dracula: Dead and Loving It (1995)",Comedy
        13,"The ""Great"" Escape",War
        14,"two
        lines",Drama
        15,plain,""
        """);

    assertThat(rows).hasSize(6);
    assertThat(rows.get(1).fields()).containsExactly("11", "American President, The (1995)", "Comedy|Drama|Romance");
    assertThat(rows.get(3).get(1)).isEqualTo("The \"Great\" Escape");
    assertThat(rows.get(4).get(1)).isEqualTo("two\nlines");
    assertThat(rows.get(5).fields()).containsExactly("15", "plain", "");
    // the line a record starts on, counting the line break inside the quoted field
    assertThat(rows).extracting(Csv.Row::line).containsExactly(1L, 2L, 3L, 4L, 5L, 7L);
  }

  @Test
  void crlfLineEndsAByteOrderMarkAndBlankLinesAreHandled() throws IOException {
    List<Csv.Row> rows = read("\uFEFFa,b\r\n1,2\r\n\r\n3,\"x\"\r\n");

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).fields()).containsExactly("a", "b");
    assertThat(rows.get(1).fields()).containsExactly("1", "2");
    assertThat(rows.get(2).fields()).containsExactly("3", "x");
    assertThat(rows.get(2).line()).isEqualTo(4);
  }

  @Test
  void aQuoteLeftOpenIsAnErrorNamingItsLine() {
    assertThatThrownBy(() -> read("a,b\n1,\"never closed\n2,3\n"))
        .isInstanceOf(Csv.FormatException.class)
        .hasMessageContaining("line 2");
  }
}
