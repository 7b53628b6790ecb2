package io.ebb.replay.data;

import java.util.List;
import java.util.Objects;

/**
 * Items and behaviour read from files, in file order. Every interaction names an item of {@code items}: events
 * on unknown items were dropped while reading and are counted in the {@link DatasetReport}.
 */
public record Dataset(String name, List<DatasetItem> items, List<Interaction> interactions, DatasetReport report) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    items = List.copyOf(items);
    interactions = List.copyOf(interactions);
    Objects.requireNonNull(report, "report");
  }
}
