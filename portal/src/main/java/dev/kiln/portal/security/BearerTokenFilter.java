package dev.kiln.portal.security;

import dev.kiln.portal.user.ApiCaller;
import dev.kiln.portal.user.ApiTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API request by its {@code Authorization: Bearer} token. A request without one goes
 * on anonymously (the chain then answers 401 where a token is needed); a token that does not check
 * out is answered with 401 at once. The token's value is never logged.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final ApiTokens tokens;

  BearerTokenFilter(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      chain.doFilter(request, response);
      return;
    }
    Optional<ApiCaller> caller = tokens.authenticate(header.substring(BEARER.length()).strip());
    if (caller.isEmpty()) {
      ApiErrorResponses.unauthorized(response, "The token is unknown, expired or revoked, or its user is disabled.");
      return;
    }
    var authentication = UsernamePasswordAuthenticationToken.authenticated(caller.get(), null,
        AuthorityUtils.createAuthorityList(caller.get().authorities()));
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
