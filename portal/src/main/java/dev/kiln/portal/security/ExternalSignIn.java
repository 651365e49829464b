package dev.kiln.portal.security;

import dev.kiln.portal.user.ExternalAccounts;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** What OpenID and GitHub log-ins share once the provider has said who the user is. */
final class ExternalSignIn {

  /**
   * The attribute added to the principal that holds the Kiln username, so names look the same
   * everywhere.
   */
  static final String USERNAME = "kiln_username";

  /** The OAuth2 error code of a log-in refused because an admin disabled the account. */
  static final String ACCOUNT_DISABLED = "account_disabled";

  private ExternalSignIn() {}

  /**
   * Runs Kiln's side of the log-in, turning a disabled account into an error the log-in page
   * explains.
   */
  static ExternalAccounts.SignedIn signIn(Supplier<ExternalAccounts.SignedIn> signIn) {
    try {
      return signIn.get();
    } catch (DisabledException e) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(ACCOUNT_DISABLED, e.getMessage(), null), e);
    }
  }

  static List<GrantedAuthority> authorities(ExternalAccounts.SignedIn user) {
    return List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name()));
  }
}
