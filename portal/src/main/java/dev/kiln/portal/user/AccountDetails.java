package dev.kiln.portal.user;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A local account as the password log-in reads it, with the credentials version it had at that
 * moment: the log-in's session holds that version, so a reset that comes after the password was
 * checked still ends the session, however soon after. Equality is {@link User}'s, by name.
 */
public class AccountDetails extends User {

  private final long credentialsVersion;

  AccountDetails(
      String username,
      String passwordHash,
      boolean enabled,
      Collection<? extends GrantedAuthority> roles,
      long credentialsVersion) {
    super(username, passwordHash, enabled, true, true, true, roles);
    this.credentialsVersion = credentialsVersion;
  }

  /** The account's credentials version when its password was checked. */
  public long credentialsVersion() {
    return credentialsVersion;
  }
}
