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

  /**
   * A text embedding (of a stated topic) as a vector of the item space the fold works in: with a tuned blend of
   * text and behaviour-learned parts, its text part scaled as items' are and no behaviour part. Captures record
   * the plain text embedding, so a replay under another blend maps them again.
   */
  default float[] textVector(float[] textEmbedding) {
    return textEmbedding;
  }

  record Features(float[] vector, List<String> tags) {}
}
