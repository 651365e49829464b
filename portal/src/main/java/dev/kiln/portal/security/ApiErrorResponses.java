package dev.kiln.portal.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The JSON error bodies the API's security answers with, shaped like the API's own errors. */
final class ApiErrorResponses {

  private ApiErrorResponses() {}

  /** 401 with the {@code WWW-Authenticate} challenge that tells clients to send a bearer token. */
  static void unauthorized(HttpServletResponse response, String message) throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer realm=\"kiln\"");
    write(response, 401, "unauthorized", message);
  }

  /**
   * 429 with {@code Retry-After} in whole seconds, rounded up so that a client that waits that long
   * gets in.
   */
  static void tooManyRequests(HttpServletResponse response, Duration wait, String message)
      throws IOException {
    long seconds = Math.max(1, secondsUp(wait));
    response.setHeader("Retry-After", Long.toString(seconds));
    write(
        response,
        429,
        "too_many_requests",
        message + " Try again in " + seconds + (seconds == 1 ? " second." : " seconds."));
  }

  /** A duration in whole seconds, rounded up. */
  static long secondsUp(Duration duration) {
    return (duration.toNanos() + 999_999_999) / 1_000_000_000;
  }

  /**
   * Messages are written by this package, never taken from a request, so they need no JSON
   * escaping.
   */
  static void write(HttpServletResponse response, int status, String error, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
  }
}
