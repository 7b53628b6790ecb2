package io.ebb.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request so malformed that no route sees it (a URI over {@code parsing.max-uri-length}, too many
 * or too long headers, a broken request line): the same JSON error body as every other 4xx, where Pekko would
 * answer plain text. Set as {@code pekko.http.server.parsing.error-handler}.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.warning("Illegal request, answered {}: {}", status.intValue(), info.formatPretty());
    int code = status.intValue();
    // 413 (body), 414 (URI) and 431 (headers) are all sizes over a limit.
    String error = code == 413 || code == 414 || code == 431 ? "too_large" : "invalid_request";
    String message = info.summary().isEmpty() ? status.reason() : info.summary();
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(ApiError.of(error, message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error body", e);
    }
  }
}
