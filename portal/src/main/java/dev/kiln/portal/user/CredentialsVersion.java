package dev.kiln.portal.user;

import jakarta.servlet.http.HttpSession;
import java.util.OptionalLong;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Which {@linkplain AccountStanding#credentialsVersion() credentials version} a logged-in session
 * holds. A log-in sees the version its account has while its password or provider is checked; the
 * session keeps it in an attribute, and is ended once the account's version has moved past it. The
 * session that changes its own password takes up the new version and so stays.
 */
public final class CredentialsVersion {

  /** The attribute of an identity provider's principal that holds the version its log-in saw. */
  public static final String PRINCIPAL_ATTRIBUTE = "kiln_credentials_version";

  private CredentialsVersion() {}

  /**
   * The HTTP session attribute that holds the version, a {@code Long}, for this user: named after
   * the user, so that logging in as someone else in the same session starts afresh.
   */
  public static String sessionAttribute(String username) {
    return "kiln.credentials-version:" + Usernames.key(username);
  }

  /**
   * The version the caller holds: its HTTP session's (which a password change in that session moves
   * on), else its log-in's; empty when neither says, as for a caller outside any request.
   */
  public static OptionalLong ofCaller(Authentication auth) {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
      HttpSession session = request.getRequest().getSession(false);
      if (session != null
          && session.getAttribute(sessionAttribute(auth.getName())) instanceof Long version) {
        return OptionalLong.of(version);
      }
    }
    return ofLogIn(auth);
  }

  /** The version the log-in saw, when its principal carries one. */
  public static OptionalLong ofLogIn(Authentication auth) {
    return switch (auth.getPrincipal()) {
      case AccountDetails account -> OptionalLong.of(account.credentialsVersion());
      case OAuth2AuthenticatedPrincipal external
          when external.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof Number n ->
          OptionalLong.of(n.longValue());
      case null, default -> OptionalLong.empty();
    };
  }
}
