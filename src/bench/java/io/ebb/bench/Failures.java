package io.ebb.bench;

import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Names failures for the error table: a few stable kinds rather than one row per exception message. */
final class Failures {

  private Failures() {}

  /** {@code HTTP 503 unavailable}: the status, and the {@code error} code of the body when it has one. */
  static String httpStatus(int status, String body) {
    String code = body == null ? null : Json.textField(body, "error");
    return code == null ? "HTTP " + status : "HTTP " + status + " " + code;
  }

  static String of(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    if (t instanceof TimeoutException || message.contains("timeout") || message.contains("timed out")) {
      return "timeout";
    }
    if (t instanceof ConnectException || message.contains("connection refused")) {
      return "connection refused";
    }
    if (message.contains("closed the connection") || message.contains("connection reset")) {
      return "connection closed by server";
    }
    return t.getClass().getSimpleName();
  }
}
