package io.ebb.bench;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectHttp;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import scala.util.Try;

/**
 * {@code POST /v1/events} or {@code POST /v1/events/batch} through one Pekko HTTP host connection pool of
 * {@code connections} keep-alive connections, fed by a bounded queue: requests and answers flow through one
 * stream with no future per request. Against the same server that took a half to a third of the client CPU per
 * request that {@code java.net.http}'s {@code sendAsync} took.
 */
final class HttpEventSender implements EventSender {

  /** What a request came back as: a status with its body (when needed), or a failure. */
  private record Reply(Pending request, int status, String body, Throwable failure) {}

  private final ActorSystem<Void> system;
  private final String path;
  private final boolean batch;
  private final int connections;
  private final Answers answers;
  private final Materializer materializer;
  private final Duration timeout;
  private final BoundedSourceQueue<Pair<HttpRequest, Pending>> queue;

  /** Starts the client's own ActorSystem; {@link #close} stops it. */
  static HttpEventSender start(URI base, boolean batch, int connections, Duration timeout, Answers answers) {
    ActorSystem<Void> system = ClientSystem.start("ebb-bench-ingest");
    try {
      return new HttpEventSender(system, base, batch, connections, timeout, answers);
    } catch (RuntimeException e) {
      ClientSystem.stop(system);
      throw e;
    }
  }

  private HttpEventSender(
      ActorSystem<Void> system, URI base, boolean batch, int connections, Duration timeout, Answers answers) {
    this.system = system;
    this.path = batch ? "/v1/events/batch" : "/v1/events";
    this.batch = batch;
    this.connections = connections;
    this.answers = answers;
    this.timeout = timeout;
    this.materializer = Materializer.matFromSystem(system);
    ConnectionPoolSettings pool =
        ConnectionPoolSettings.create(system.classicSystem())
            .withMaxConnections(connections)
            .withMaxOpenRequests(Integer.highestOneBit(Math.max(1, connections - 1)) * 2)
            .withMaxRetries(0) // a retried POST would be a second request: count failures instead
            .withPipeliningLimit(1)
            .withConnectionSettings(
                ClientConnectionSettings.create(system.classicSystem()).withIdleTimeout(timeout));
    // cachedHostConnectionPool: Pekko HTTP 1.3's javadsl newHostConnectionPool(ConnectHttp, settings, …) speaks
    // TLS even to an http:// host.
    ConnectHttp host = ConnectHttp.toHost(base.getScheme() + "://" + base.getRawAuthority());
    this.queue =
        Source.<Pair<HttpRequest, Pending>>queue(connections * 2)
            .via(Http.get(system.classicSystem())
                .<Pending>cachedHostConnectionPool(host, pool, system.classicSystem().log()))
            .mapAsyncUnordered(connections, this::reply)
            .to(Sink.foreach(this::answer))
            .run(materializer);
  }

  @Override
  public int capacity() {
    return connections;
  }

  @Override
  public String describe() {
    return "POST " + path + " over " + connections + " keep-alive connections (Pekko HTTP host pool)";
  }

  @Override
  public void send(byte[] body, Pending request) {
    HttpRequest post =
        HttpRequest.POST(path)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, ByteString.fromArrayUnsafe(body)));
    QueueOfferResult result = queue.offer(Pair.create(post, request));
    if (result != QueueOfferResult.enqueued()) {
      answers.failed(request, "client queue full");
    }
  }

  /** The body is read only when it tells something: a batch's counts, an error's code. */
  private CompletionStage<Reply> reply(Pair<Try<HttpResponse>, Pending> sent) {
    Pending request = sent.second();
    Try<HttpResponse> tried = sent.first();
    if (tried.isFailure()) {
      return CompletableFuture.completedFuture(new Reply(request, 0, null, tried.failed().get()));
    }
    HttpResponse response = tried.get();
    int status = response.status().intValue();
    HttpEntity entity = response.entity();
    boolean needBody = batch || status / 100 != 2;
    if (entity instanceof HttpEntity.Strict strict) {
      String body = needBody ? strict.getData().utf8String() : null;
      return CompletableFuture.completedFuture(new Reply(request, status, body, null));
    }
    // An explicit executor: a Scala-backed stage runs a plain handle() on the common pool, which on 2 cores
    // means a new thread per call.
    return entity
        .toStrict(timeout.toMillis(), materializer)
        .handleAsync(
            (s, failure) -> failure != null
                ? new Reply(request, 0, null, failure)
                : new Reply(request, status, needBody ? s.getData().utf8String() : null, null),
            system.executionContext());
  }

  private void answer(Reply reply) {
    if (reply.failure() != null) {
      answers.failed(reply.request(), Failures.of(reply.failure()));
    } else if (reply.status() / 100 != 2) {
      answers.failed(reply.request(), Failures.httpStatus(reply.status(), reply.body()));
    } else if (batch) {
      answers.accepted(
          reply.request(),
          (int) Json.longField(reply.body(), "accepted", 0),
          (int) Json.longField(reply.body(), "duplicates", 0));
    } else {
      answers.accepted(reply.request(), 1, 0);
    }
  }

  @Override
  public void close() {
    queue.complete();
    ClientSystem.stop(system);
  }
}
