package dev.kiln.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a log-in attempt with 429 and Retry-After while its account or address has failed too
 * often, before the password is even checked.
 */
class LoginThrottle extends OncePerRequestFilter {

  private final LoginAttempts attempts;

  LoginThrottle(LoginAttempts attempts) {
    this.attempts = attempts;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Duration> wait =
        attempts.waitBefore(request.getParameter("username"), request.getRemoteAddr());
    if (wait.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(seconds));
    response.setContentType("text/plain;charset=UTF-8");
    response
        .getWriter()
        .write(
            "Too many failed log-ins for this account or address. Try again in "
                + (seconds < 60 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes")
                + ".\n");
  }
}
