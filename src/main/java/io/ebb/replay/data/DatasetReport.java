package io.ebb.replay.data;

import java.util.List;

/**
 * What reading a dataset found besides the data.
 *
 * @param rows event rows read (data rows of the events file, header excluded), good or bad
 * @param droppedUnknownItem well-formed events naming an item the items file does not hold; dropped
 * @param badRows one line per row that could not be read, naming the file and line, e.g. {@code "events.csv line
 *     17: timestamp 'x' is not epoch seconds or ISO-8601"}; such rows are left out of the dataset
 */
public record DatasetReport(long rows, long droppedUnknownItem, List<String> badRows) {

  public DatasetReport {
    badRows = List.copyOf(badRows);
  }

  /** One line for a console: {@code "100836 event rows, 0 dropped (unknown item), 0 bad rows"}. */
  public String summary() {
    return rows + " event rows, " + droppedUnknownItem + " dropped (unknown item), " + badRows.size() + " bad rows";
  }
}
