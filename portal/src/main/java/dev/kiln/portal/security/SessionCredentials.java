package dev.kiln.portal.security;

import dev.kiln.portal.user.AccountStanding;
import dev.kiln.portal.user.CredentialsVersion;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The credentials version a session holds, compared with its account's. A session takes it from its
 * log-in (the version its account had while the password or provider was checked) at its first
 * request and keeps it in an attribute, which a password change made in that session moves on. A
 * log-in that carries no version takes the account's version at that first request.
 */
final class SessionCredentials {

  private static final Logger log = LoggerFactory.getLogger(SessionCredentials.class);

  private SessionCredentials() {}

  /** Whether {@code auth} is someone's log-in, not the anonymous one or none. */
  static boolean signedIn(Authentication auth) {
    return auth != null
        && auth.isAuthenticated()
        && !(auth instanceof AnonymousAuthenticationToken);
  }

  /**
   * Ends the session when its log-in may no longer act, and says whether it did: the account is
   * disabled or gone ({@code account} empty), or its credentials changed since the log-in. The one
   * decision for each request ({@link CurrentAccount}) and for idle sessions ({@link
   * SignedInSessions}).
   */
  static boolean endIfStale(
      HttpSession session, Authentication auth, Optional<AccountStanding> account) {
    String reason =
        account.isEmpty()
            ? "the user is disabled or gone"
            : outdated(session, auth, account.get())
                ? "their credentials changed since it logged in"
                : null;
    if (reason == null) {
      return false;
    }
    log.info("Ended a session of {}: {}", auth.getName(), reason);
    if (session != null) {
      session.invalidate(); // log out everywhere this session is open
    }
    return true;
  }

  /** Whether the session logged in before its account's credentials last changed: it must end. */
  private static boolean outdated(
      HttpSession session, Authentication auth, AccountStanding account) {
    OptionalLong held = held(session, auth);
    if (held.isEmpty()) {
      if (session != null) {
        session.setAttribute(
            CredentialsVersion.sessionAttribute(auth.getName()), account.credentialsVersion());
      }
      return false;
    }
    return held.getAsLong() < account.credentialsVersion();
  }

  /**
   * Whether the session holds a newer version than this reading of its account, which is then
   * stale.
   */
  static boolean newer(HttpSession session, Authentication auth, AccountStanding account) {
    OptionalLong held = held(session, auth);
    return held.isPresent() && held.getAsLong() > account.credentialsVersion();
  }

  private static OptionalLong held(HttpSession session, Authentication auth) {
    String attribute = CredentialsVersion.sessionAttribute(auth.getName());
    if (session != null && session.getAttribute(attribute) instanceof Long version) {
      return OptionalLong.of(version);
    }
    OptionalLong logIn = CredentialsVersion.ofLogIn(auth);
    if (session != null && logIn.isPresent()) {
      session.setAttribute(attribute, logIn.getAsLong());
    }
    return logIn;
  }
}
