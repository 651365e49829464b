package dev.kiln.portal.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link ApiError} straight to a servlet response, for the refusals that happen outside
 * Spring MVC: in filters, in Tomcat itself, and on the error dispatch. Messages may quote the
 * request, so they go through a JSON writer.
 */
final class ApiErrorBodies {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ApiErrorBodies() {}

  /** Whether a request path (as sent, before decoding) is the API's. */
  static boolean isApi(String path) {
    return path != null && (path.equals("/api") || path.startsWith("/api/"));
  }

  /** Whether this request is the API's, by its path as sent. */
  static boolean isApi(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri != null
        && isApi(
            context.isEmpty() || !uri.startsWith(context) ? uri : uri.substring(context.length()));
  }

  /** Replaces whatever the response holds with the error, when nothing was sent yet. */
  static void write(HttpServletResponse response, int status, ApiError error) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    byte[] body = JSON.writeValueAsBytes(error);
    response.setContentLength(body.length);
    try {
      response.getOutputStream().write(body);
    } catch (IllegalStateException writerInUse) { // someone took the writer before failing
      response.getWriter().write(new String(body, StandardCharsets.UTF_8));
    }
    response.flushBuffer();
  }
}
