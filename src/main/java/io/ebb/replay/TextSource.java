package io.ebb.replay;

import io.ebb.catalog.ItemEmbedder;
import io.ebb.replay.data.DatasetItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where text vectors come from: an in-process embedder (offline evaluation), or the vectors the catalog already
 * stores (tuning from a running service's data). Besides the items' vectors, the evaluator needs the embeddings of
 * stated topics when it simulates captures, made by the same model as the service embeds a capture's topics with.
 */
public interface TextSource {

  /** One unit-length vector per item, in order, all of one dimension. */
  float[][] vectors(List<DatasetItem> items) throws IOException;

  /** One unit-length vector per text (a stated topic, embedded as is), in order, of the items' dimension. */
  float[][] texts(List<String> texts) throws IOException;

  /** Embeds {@link TextVectors#textOf} each item, as the catalog does; {@code cache} may be {@code null}. */
  static TextSource embedder(ItemEmbedder embedder, Path cache) {
    return new TextSource() {
      @Override
      public float[][] vectors(List<DatasetItem> items) throws IOException {
        return TextVectors.embed(embedder, items, cache);
      }

      @Override
      public float[][] texts(List<String> texts) throws IOException {
        return TextVectors.embedTexts(embedder, texts, cache);
      }
    };
  }
}
