package dev.kiln.portal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kiln.portal.user.AccountStanding;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.user.Usernames;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a logged-in session in step with the user's account: a session whose user was disabled (or
 * removed), or whose credentials changed since its log-in (a password reset or change), ends at its
 * next request; one whose role changed carries the new role from then on. Without it a session
 * would keep the role it logged in with, an admin demoted or disabled included, and outlive a
 * reset. Accounts are looked up at most every {@link #RECHECK} per user, so a change takes effect
 * within it on every node: the database holds what is checked. {@link SignedInSessions} ends idle
 * sessions too.
 */
class CurrentAccount extends OncePerRequestFilter {

  static final Duration RECHECK = Duration.ofSeconds(2);

  private final UserService users;
  private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
  private final Cache<String, Optional<AccountStanding>> standings;

  CurrentAccount(UserService users) {
    this(users, RECHECK);
  }

  /**
   * @param recheck how long an account looked up may be reused before it is read again
   */
  CurrentAccount(UserService users, Duration recheck) {
    this.users = users;
    this.standings = Caffeine.newBuilder().expireAfterWrite(recheck).maximumSize(10_000).build();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (SessionCredentials.signedIn(auth)) {
      HttpSession session = request.getSession(false);
      Optional<AccountStanding> standing = standing(auth, session);
      if (SessionCredentials.endIfStale(session, auth, standing)) {
        SecurityContextHolder.clearContext();
      } else if (!hasOnly(auth, "ROLE_" + standing.get().role().name())) {
        Authentication updated = withRole(auth, "ROLE_" + standing.get().role().name());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(updated);
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * The account as recently read; read again when the session holds a newer version than that
   * reading, as after the session changed its own password.
   */
  private Optional<AccountStanding> standing(Authentication auth, HttpSession session) {
    String key = Usernames.key(auth.getName());
    Optional<AccountStanding> standing = standings.get(key, k -> users.standing(auth.getName()));
    if (standing.isPresent() && SessionCredentials.newer(session, auth, standing.get())) {
      standings.invalidate(key);
      standing = standings.get(key, k -> users.standing(auth.getName()));
    }
    return standing;
  }

  private static boolean hasOnly(Authentication auth, String role) {
    List<String> roles =
        auth.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith("ROLE_"))
            .toList();
    return roles.equals(List.of(role));
  }

  /** The same log-in with the role replaced; other authorities (OIDC scopes) stay. */
  static Authentication withRole(Authentication auth, String role) {
    List<GrantedAuthority> authorities =
        new ArrayList<>(
            auth.getAuthorities().stream()
                .filter(a -> !a.getAuthority().startsWith("ROLE_"))
                .toList());
    authorities.add(new SimpleGrantedAuthority(role));
    Authentication updated =
        switch (auth) {
          case OAuth2AuthenticationToken t ->
              new OAuth2AuthenticationToken(
                  t.getPrincipal(), authorities, t.getAuthorizedClientRegistrationId());
          default ->
              UsernamePasswordAuthenticationToken.authenticated(
                  auth.getPrincipal(), null, authorities);
        };
    if (updated instanceof AbstractAuthenticationToken token) {
      token.setDetails(auth.getDetails());
    }
    return updated;
  }
}
