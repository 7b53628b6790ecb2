package io.ebb.replay;

import io.ebb.catalog.ItemEmbedder;
import io.ebb.replay.data.DatasetItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the text part of item vectors comes from: an in-process embedder (offline evaluation), or the vectors the
 * catalog already stores (tuning from a running service's data).
 */
@FunctionalInterface
public interface TextSource {

  /** One unit-length vector per item, in order, all of one dimension. */
  float[][] vectors(List<DatasetItem> items) throws IOException;

  /** Embeds {@link TextVectors#textOf} each item, as the catalog does; {@code cache} may be {@code null}. */
  static TextSource embedder(ItemEmbedder embedder, Path cache) {
    return items -> TextVectors.embed(embedder, items, cache);
  }
}
