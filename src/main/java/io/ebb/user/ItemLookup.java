package io.ebb.user;

import java.util.List;
import java.util.Optional;

/**
 * What the fold needs to know about an item: its vector and tags. The node's catalog provides it; an item not in
 * the catalog yet contributes nothing to the vector until the state is rebuilt.
 */
@FunctionalInterface
public interface ItemLookup {

  Optional<Features> find(String itemId);

  record Features(float[] vector, List<String> tags) {}
}
