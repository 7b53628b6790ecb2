package io.ebb.replay.data;

import java.util.List;
import java.util.Objects;

/**
 * Items and behaviour read from files or a journal, in source order. Every interaction names an item of
 * {@code items}: events on unknown items were dropped while reading and are counted in the {@link DatasetReport}.
 *
 * @param captures the stated-interest captures a journal recorded, in source order; empty for files, which have
 *     none (the evaluator then simulates the built-in summariser's)
 */
public record Dataset(
    String name, List<DatasetItem> items, List<Interaction> interactions, DatasetReport report,
    List<RecordedCapture> captures) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    items = List.copyOf(items);
    interactions = List.copyOf(interactions);
    Objects.requireNonNull(report, "report");
    captures = captures == null ? List.of() : List.copyOf(captures);
  }

  /** A dataset without recorded captures. */
  public Dataset(String name, List<DatasetItem> items, List<Interaction> interactions, DatasetReport report) {
    this(name, items, interactions, report, List.of());
  }
}
