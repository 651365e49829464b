package dev.kiln.portal.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON error bodies the API's security answers with, shaped like the API's own errors. */
final class ApiErrorResponses {

  private ApiErrorResponses() {}

  /** 401 with the {@code WWW-Authenticate} challenge that tells clients to send a bearer token. */
  static void unauthorized(HttpServletResponse response, String message) throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer realm=\"kiln\"");
    write(response, 401, "unauthorized", message);
  }

  /** Messages are constants of this package, so they need no JSON escaping. */
  static void write(HttpServletResponse response, int status, String error, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
  }
}
