package dev.kiln.portal.user;

import java.time.Instant;

/**
 * A user as the admin screens show them.
 *
 * @param provider the OpenID provider they log in through, or {@code null} for a Kiln password
 */
public record UserSummary(
    long id,
    String username,
    Role role,
    String provider,
    String email,
    boolean enabled,
    Instant createdAt) {

  /** Tells whether the user logs in with a Kiln password. */
  public boolean isLocal() {
    return provider == null;
  }
}
