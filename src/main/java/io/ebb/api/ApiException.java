package io.ebb.api;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** A request that cannot be served as asked; mapped to its status and {@link ApiError} body in one place. */
public final class ApiException extends RuntimeException {

  private final transient StatusCode status;
  private final ApiError error;

  public ApiException(StatusCode status, ApiError error) {
    super(error.message(), null, false, false);
    this.status = status;
    this.error = error;
  }

  public static ApiException invalid(String field, String message) {
    return new ApiException(StatusCodes.BAD_REQUEST, new ApiError("invalid_request", message, field));
  }

  public static ApiException notFound(String message) {
    return new ApiException(StatusCodes.NOT_FOUND, ApiError.of("not_found", message));
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(StatusCodes.PAYLOAD_TOO_LARGE, ApiError.of("too_large", message));
  }

  public static ApiException unavailable(String message) {
    return new ApiException(StatusCodes.SERVICE_UNAVAILABLE, ApiError.of("unavailable", message));
  }

  public StatusCode status() {
    return status;
  }

  public ApiError error() {
    return error;
  }
}
