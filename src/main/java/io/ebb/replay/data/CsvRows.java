package io.ebb.replay.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an RFC 4180 file, parsed by Jackson's CSV module, each with the line it starts on so that a bad row
 * can be named. Quoted fields may hold commas, line breaks and doubled quotes; CRLF or LF line ends; a UTF-8
 * byte-order mark is skipped (Jackson detects it on a byte stream, hence bytes in, not a Reader); blank lines are
 * skipped.
 */
final class CsvRows implements Closeable {

  /** One record: its fields and the 1-based line it starts on. */
  record Row(long line, List<String> fields) {

    int size() {
      return fields.size();
    }

    String get(int i) {
      return fields.get(i);
    }

    /** The field, or {@code ""} when the row is shorter. */
    String getOrEmpty(int i) {
      return i >= 0 && i < fields.size() ? fields.get(i) : "";
    }
  }

  private static final CsvFactory FACTORY = CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

  private final JsonParser parser;
  private long rowLine = 1;

  private CsvRows(InputStream in) throws IOException {
    this.parser = FACTORY.createParser(in);
  }

  static CsvRows open(Path file) throws IOException {
    return new CsvRows(Files.newInputStream(file));
  }

  static CsvRows of(String text) throws IOException {
    return new CsvRows(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The next record, or {@code null} at the end of input.
   *
   * @throws JsonProcessingException for a record that cannot be parsed (a quoted field never closed, text after a
   *     closing quote); {@link #line()} then names the line that record starts on
   */
  Row next() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return null;
    }
    // before the first field is read, the parser stands at the start of the record (blank lines already skipped)
    rowLine = parser.currentLocation().getLineNr();
    List<String> fields = new ArrayList<>();
    for (token = parser.nextToken(); token != JsonToken.END_ARRAY && token != null; token = parser.nextToken()) {
      fields.add(parser.getText());
    }
    return new Row(rowLine, List.copyOf(fields));
  }

  /** The line the record being read (or last read) starts on. */
  long line() {
    return rowLine;
  }

  /**
   * {@link #next}, except that a malformed record is added to {@code bad} as {@code "<file> line N: …"} and ends
   * the reading ({@code null}): where a quoted field is left open, nothing after it can be trusted.
   */
  Row nextOrReport(String file, List<String> bad) throws IOException {
    try {
      return next();
    } catch (JsonProcessingException e) {
      bad.add(file + " line " + rowLine + ": " + e.getOriginalMessage() + "; the rest of the file was not read");
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
