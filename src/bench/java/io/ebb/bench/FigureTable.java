package io.ebb.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The table a benchmark ends with, printed as an aligned Markdown table: readable on a console and pasteable into
 * the README as it is. The first column is left-aligned (names), the others right-aligned (figures).
 */
final class FigureTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  FigureTable(String... header) {
    this.header = List.of(header);
  }

  /** A two-column table of named figures. */
  static FigureTable figures() {
    return new FigureTable("figure", "value");
  }

  FigureTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("expected " + header.size() + " cells, got " + Arrays.toString(cells));
    }
    rows.add(List.of(cells));
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = Math.max(3, header.get(c).length());
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    line(out, header, widths);
    StringBuilder rule = new StringBuilder("|");
    for (int c = 0; c < widths.length; c++) {
      rule.append(c == 0 ? " " + "-".repeat(widths[c]) + " |" : " " + "-".repeat(widths[c] - 1) + ": |");
    }
    out.println(rule);
    rows.forEach(row -> line(out, row, widths));
    out.flush();
  }

  private static void line(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      sb.append(' ').append(c == 0 ? cell + pad : pad + cell).append(" |");
    }
    out.println(sb);
  }
}
