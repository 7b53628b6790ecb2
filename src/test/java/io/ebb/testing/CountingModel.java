package io.ebb.testing;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The real model, counting what it is asked to embed: a decorator, not a mock. */
public final class CountingModel implements EmbeddingModel {
  /** Every text embedded, in order. */
  public final Queue<String> texts = new ConcurrentLinkedQueue<>();
  /** The number of texts of each call. */
  public final Queue<Integer> calls = new ConcurrentLinkedQueue<>();
  private final EmbeddingModel delegate;

  public CountingModel(EmbeddingModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    segments.forEach(s -> texts.add(s.text()));
    calls.add(segments.size());
    return delegate.embedAll(segments);
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }
}
