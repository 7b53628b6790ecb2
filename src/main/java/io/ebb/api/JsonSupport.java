package io.ebb.api;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON in and out, and the one place where failures become {@link ApiError} answers. */
class JsonSupport extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(JsonSupport.class);

  protected final ObjectMapper json;
  private final RequestJson requests;

  JsonSupport(ObjectMapper json) {
    this.json = json;
    this.requests = new RequestJson(json);
  }

  HttpResponse respond(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write response body", e);
    }
  }

  HttpResponse error(ApiException e) {
    return respond(e.status(), e.error());
  }

  /**
   * Reads a JSON body of at most {@code maxBytes}; a larger one is a 413, one that is not JSON or breaks a limit
   * of {@link RequestJson} a 400.
   */
  Route jsonBody(long maxBytes, Function<JsonNode, Route> inner) {
    return withSizeLimit(
        maxBytes,
        () ->
            entity(
                Unmarshaller.entityToByteString(),
                bytes -> {
                  try {
                    return inner.apply(requests.read(bytes.toArray()));
                  } catch (ApiException e) {
                    return complete(error(e));
                  }
                }));
  }

  /** The next path segment as a user id; one that is not an id is answered 400 naming {@code userId}. */
  Route userSegment(Function<String, Route> inner) {
    return pathPrefix(
        PathMatchers.segment(),
        userId -> Fields.isId(userId)
            ? inner.apply(userId)
            : complete(error(ApiException.invalid(
                "userId", "userId must be 1 to 128 characters from [A-Za-z0-9._:@-]"))));
  }

  /** Completes with the answer of an asynchronous step, mapping its failure to an API error. */
  Route completeAsync(CompletionStage<HttpResponse> answer) {
    return completeWithFuture(answer.exceptionally(this::failureResponse));
  }

  HttpResponse failureResponse(Throwable failure) {
    return error(apiException(failure));
  }

  /** The API error a failed asynchronous step answers with (HTTP and WebSocket alike). */
  static ApiException apiException(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof TimeoutException) {
      return ApiException.unavailable("the journal did not answer in time; nothing was acknowledged, retry");
    }
    if (cause instanceof StatusReply.ErrorMessage m) {
      return ApiException.invalid(null, m.getMessage());
    }
    if (cause instanceof DriverException && !(cause instanceof QueryValidationException)) {
      // Timeouts, unavailable replicas, lost connections: the store's trouble, not a bug; the write may be retried.
      log.warn("Request failed in Cassandra: {}", cause.toString());
      return ApiException.unavailable("Cassandra did not complete the request (" + cause.getClass().getSimpleName()
          + "); retry");
    }
    log.error("Request failed", cause);
    return new ApiException(StatusCodes.INTERNAL_SERVER_ERROR, ApiError.of("internal", "internal error: " + cause));
  }
}
