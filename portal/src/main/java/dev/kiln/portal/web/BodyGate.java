package dev.kiln.portal.web;

import dev.kiln.portal.api.ApiRequestGuard;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The one filter that guards request bodies, first of all (order {@code HIGHEST_PRECEDENCE + 10},
 * right after the character encoding filter, before Spring Security), for every request and every
 * error dispatch. Tomcat reads a body in its request's thread and only times out a read that gets
 * nothing at all, so a client sending a byte a second holds a thread for as long as it likes; 200
 * of them held every thread. Each body is limited here, and only here:
 *
 * <ul>
 *   <li>{@code /api/**} and its error dispatches: {@link ApiRequestGuard} (JSON errors, at most 1
 *       MiB read through a stream or a reader, JSON only). The API reads a body only once its token
 *       checked out, and Tomcat drains no body a request left unread ({@code
 *       server.tomcat.max-swallow-size: 0}).
 *   <li>{@code /hooks/**} and every body without a logged-in session (the log-in form, the log-in
 *       page's own requests, anything a stranger sends): at most a fixed number at once, more get
 *       503 with Retry-After at once; each is read whole here within {@code kiln.web.body-timeout}
 *       and {@link #HOOK_MAX_BODY} or {@link #PAGE_MAX_BODY} (408 or 413 otherwise), before Spring
 *       Security or a controller sees it.
 *   <li>A logged-in user's body: must keep {@code kiln.web.min-body-rate} ({@link PacedBody}).
 * </ul>
 */
final class BodyGate extends HttpFilter {

  /**
   * The largest webhook delivery, 1 MiB, refused with 413 before a byte of it reaches the
   * controller (docs/webhooks.md). GitHub caps its payloads at 25 MB, but pushes are far smaller.
   */
  static final int HOOK_MAX_BODY = 1024 * 1024;

  /**
   * The largest body of someone not logged in: a log-in form or a log-in page's request is a few
   * hundred bytes.
   */
  static final int PAGE_MAX_BODY = 64 * 1024;

  private final WebProperties limits;
  private final Semaphore hooks;
  private final Semaphore pages;

  BodyGate(WebProperties limits) {
    this.limits = limits;
    this.hooks = new Semaphore(limits.hooksAtOnce());
    this.pages = new Semaphore(limits.anonymousBodiesAtOnce());
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (ApiRequestGuard.applies(request)) {
      ApiRequestGuard.guard(request, response, chain);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request)) {
      chain.doFilter(request, response);
      return;
    }
    boolean hook = path.startsWith("/hooks/");
    if (!hook && loggedIn(request)) {
      chain.doFilter(
          new PacedBody(
              request, limits.bodyTimeout(), limits.minBodyRate().toBytes(), System::nanoTime),
          response);
      return;
    }
    if (!hook && isMultipart(request)) {
      refuse(
          response,
          false,
          415,
          "unsupported_media_type",
          "Files can be sent only after logging in.");
      return;
    }
    int max = hook ? HOOK_MAX_BODY : PAGE_MAX_BODY;
    if (request.getContentLengthLong() > max) {
      refuse(response, hook, 413, "too_large", tooLarge(max));
      return;
    }
    Semaphore slots = hook ? hooks : pages;
    if (!slots.tryAcquire()) {
      response.setHeader(
          "Retry-After", Long.toString(Math.max(1, limits.bodyTimeout().toSeconds())));
      refuse(
          response,
          hook,
          503,
          "busy",
          "Kiln is reading as many "
              + (hook ? "webhook deliveries" : "requests")
              + " as it takes at once; nothing was read or queued. Send it again in a few seconds.");
      return;
    }
    try {
      byte[] body;
      try {
        body = readWhole(request, max);
      } catch (TooLarge e) {
        refuse(response, hook, 413, "too_large", tooLarge(max));
        return;
      } catch (IOException slowOrGone) {
        refuse(
            response,
            hook,
            408,
            "too_slow",
            "The request body did not arrive within "
                + limits.bodyTimeout().toSeconds()
                + " s; nothing was read further or queued.");
        return;
      }
      chain.doFilter(new BufferedBody(request, body), response);
    } finally {
      slots.release();
    }
  }

  /**
   * The whole body, read before the deadline; a read that gets nothing ends at Tomcat's upload
   * timeout.
   */
  private byte[] readWhole(HttpServletRequest request, int max) throws IOException {
    long deadline = System.nanoTime() + limits.bodyTimeout().toNanos();
    var out = new ByteArrayOutputStream(Math.clamp(request.getContentLengthLong(), 0, max));
    byte[] buffer = new byte[8192];
    InputStream in = request.getInputStream();
    for (int n; ; ) {
      if (System.nanoTime() - deadline > 0) {
        throw new SlowBodyException("deadline passed");
      }
      n = in.read(buffer);
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buffer, 0, n);
      if (out.size() > max) {
        throw new TooLarge();
      }
    }
  }

  /** Answers at once and closes the connection, so that Tomcat reads nothing more of the body. */
  private static void refuse(
      HttpServletResponse response, boolean json, int status, String error, String message)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.setStatus(status);
    response.setHeader("Connection", "close");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    if (json) {
      // Messages are written here, never taken from the request, so they need no escaping.
      response.setContentType("application/json");
      response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    } else {
      response.setContentType("text/plain");
      response.getWriter().write(message + "\n");
    }
  }

  private static String tooLarge(int max) {
    return "The body is larger than " + max / 1024 + " KiB; nothing was read further or queued.";
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static boolean isMultipart(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
  }

  /** Whether the request's session holds a log-in (read from where Spring Security keeps it). */
  private static boolean loggedIn(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object context =
        session == null
            ? null
            : session.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
    Authentication auth =
        context instanceof SecurityContext security ? security.getAuthentication() : null;
    return auth != null
        && auth.isAuthenticated()
        && !(auth instanceof AnonymousAuthenticationToken);
  }

  private static final class TooLarge extends IOException {}
}
