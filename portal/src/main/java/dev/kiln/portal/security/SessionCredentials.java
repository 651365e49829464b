package dev.kiln.portal.security;

import dev.kiln.portal.user.AccountStanding;
import dev.kiln.portal.user.CredentialsVersion;
import jakarta.servlet.http.HttpSession;
import java.util.OptionalLong;
import org.springframework.security.core.Authentication;

/**
 * The credentials version a session holds, compared with its account's. A session takes it from
 * its log-in (the version its account had while the password or provider was checked) at its first
 * request and keeps it in an attribute, which a password change made in that session moves on. A
 * log-in that carries no version takes the account's version at that first request.
 */
final class SessionCredentials {

  private SessionCredentials() {}

  /** Whether the session logged in before its account's credentials last changed: it must end. */
  static boolean outdated(HttpSession session, Authentication auth, AccountStanding account) {
    OptionalLong held = held(session, auth);
    if (held.isEmpty()) {
      if (session != null) {
        session.setAttribute(CredentialsVersion.sessionAttribute(auth.getName()), account.credentialsVersion());
      }
      return false;
    }
    return held.getAsLong() < account.credentialsVersion();
  }

  /** Whether the session holds a newer version than this reading of its account, which is then stale. */
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
