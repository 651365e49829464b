package dev.kiln.portal.security;

import dev.kiln.portal.user.ApiCaller;
import dev.kiln.portal.user.ApiTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API request by its {@code Authorization: Bearer} token and applies the API's
 * rate limits. A request without a token goes on anonymously (the chain then answers 401 where a
 * token is needed); a token that does not check out is answered with 401 at once, and too many of
 * those from one address with 429 before the token is even looked up (valid tokens never count
 * towards that, see {@link InvalidTokenLimit}). The token's value is never logged.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  /** The path that triggers builds, which has its own, smaller rate limit. */
  static final String TRIGGER_PATH = "/api/projects/*/builds";

  /** Rebuild queues a build too, so it counts against the same limit. */
  static final String REBUILD_PATH = "/api/builds/*/rebuild";

  /** Cancel needs the trigger scope, like starting a build, but is not limited as one. */
  static final String CANCEL_PATH = "/api/builds/*/cancel";

  private static final String BEARER = "Bearer ";
  private static final RequestMatcher TRIGGER =
      new OrRequestMatcher(
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, TRIGGER_PATH),
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, REBUILD_PATH));

  private final ApiTokens tokens;
  private final ApiRateLimiter limiter;

  BearerTokenFilter(ApiTokens tokens, ApiRateLimiter limiter) {
    this.tokens = tokens;
    this.limiter = limiter;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      chain.doFilter(request, response);
      return;
    }
    String token = header.substring(BEARER.length()).strip();
    InvalidTokenLimit.Claim check = limiter.claimTokenCheck(request.getRemoteAddr(), token);
    if (!check.allowed()) {
      ApiErrorResponses.tooManyRequests(
          response, check.retryAfter(), "Too many requests with invalid tokens from this address.");
      return;
    }
    Optional<ApiCaller> caller;
    try {
      caller = tokens.authenticate(token);
      check.ended(caller.isPresent());
    } finally {
      check.abandoned();
    }
    if (caller.isEmpty()) {
      ApiErrorResponses.unauthorized(
          response, "The token is unknown, expired or revoked, or its user is disabled.");
      return;
    }
    ApiRateLimiter.Decision decision =
        limiter.request(caller.get().tokenId(), TRIGGER.matches(request));
    response.setHeader("X-RateLimit-Limit", Long.toString(decision.limit()));
    response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
    response.setHeader(
        "X-RateLimit-Reset", Long.toString(ApiErrorResponses.secondsUp(decision.untilFull())));
    if (!decision.allowed()) {
      ApiErrorResponses.tooManyRequests(
          response, decision.retryAfter(), "Too many requests with this token.");
      return;
    }
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            caller.get(), null, AuthorityUtils.createAuthorityList(caller.get().authorities()));
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
