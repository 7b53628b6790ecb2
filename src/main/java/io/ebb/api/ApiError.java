package io.ebb.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every 4xx/5xx answer: {@code {"error": code, "message": text, "field": path}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, String field) {

  public static ApiError of(String error, String message) {
    return new ApiError(error, message, null);
  }
}
