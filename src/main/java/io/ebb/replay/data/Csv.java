package io.ebb.replay.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line breaks and
 * doubled quotes ({@code ""}); CRLF or LF line ends; a byte-order mark at the start is skipped. A quote inside
 * an unquoted field is kept as a character (lenient, as most writers mean it). Each record carries the line
 * number it starts on, so errors can name it.
 */
public final class Csv implements Closeable {

  /** One record: its fields and the 1-based line it starts on. */
  public record Row(long line, List<String> fields) {

    public int size() {
      return fields.size();
    }

    public String get(int i) {
      return fields.get(i);
    }

    /** The field, or {@code ""} when the row is shorter. */
    public String getOrEmpty(int i) {
      return i >= 0 && i < fields.size() ? fields.get(i) : "";
    }
  }

  /** A record that cannot be read (a quoted field left open at the end of the file). */
  public static final class FormatException extends IOException {
    private final long line;

    FormatException(long line, String message) {
      super(message);
      this.line = line;
    }

    public long line() {
      return line;
    }
  }

  private final Reader in;
  private long line = 1;
  private int peeked = -2;
  private boolean first = true;

  public Csv(Reader in) {
    this.in = in instanceof BufferedReader ? in : new BufferedReader(in, 1 << 16);
  }

  public static Csv open(Path file) throws IOException {
    return new Csv(Files.newBufferedReader(file, StandardCharsets.UTF_8));
  }

  /**
   * The next record, or {@code null} at the end of input. Blank lines are skipped (a record of one empty field
   * is never returned).
   *
   * @throws FormatException for a quoted field still open at the end of input
   */
  public Row next() throws IOException {
    while (true) {
      int c = read();
      if (c == -1) {
        return null;
      }
      if (c == '\n') {
        line++;
        continue;
      }
      if (c == '\r') {
        continue;
      }
      unread(c);
      return record();
    }
  }

  /**
   * {@link #next}, except that a malformed record is added to {@code bad} as {@code "<file> line N: …"} and
   * ends the reading ({@code null}): nothing after an unclosed quote can be trusted.
   */
  Row nextOrReport(String file, List<String> bad) throws IOException {
    try {
      return next();
    } catch (FormatException e) {
      bad.add(file + " line " + e.line() + ": " + e.getMessage() + "; the rest of the file was not read");
      return null;
    }
  }

  private Row record() throws IOException {
    long start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      int c = read();
      if (c == '"' && field.length() == 0) {
        quoted(field, start);
        // after the closing quote: up to the next separator, anything is kept (lenient)
        c = read();
        while (c != ',' && c != '\n' && c != -1) {
          if (c != '\r') {
            field.append((char) c);
          }
          c = read();
        }
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == -1) {
        fields.add(stripCr(field));
        if (c == '\n') {
          line++;
        }
        return new Row(start, List.copyOf(fields));
      } else {
        field.append((char) c);
      }
    }
  }

  private void quoted(StringBuilder field, long start) throws IOException {
    while (true) {
      int c = read();
      if (c == -1) {
        throw new FormatException(start, "a quoted field opened on line " + start + " is never closed");
      }
      if (c == '"') {
        int d = read();
        if (d == '"') {
          field.append('"');
          continue;
        }
        unread(d);
        return;
      }
      if (c == '\n') {
        line++;
      }
      field.append((char) c);
    }
  }

  private static String stripCr(StringBuilder field) {
    int n = field.length();
    return n > 0 && field.charAt(n - 1) == '\r' ? field.substring(0, n - 1) : field.toString();
  }

  private int read() throws IOException {
    int c;
    if (peeked != -2) {
      c = peeked;
      peeked = -2;
    } else {
      c = in.read();
    }
    if (first) {
      first = false;
      if (c == '\uFEFF') {
        return read();
      }
    }
    return c;
  }

  private void unread(int c) {
    peeked = c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
