package dev.kiln.portal.user;

/**
 * The caller's session logged in before the account's credentials last changed (a password reset, a
 * change elsewhere, the account disabled): it may make no new credentials, and is about to end.
 */
public class CredentialsChangedException extends IllegalStateException {

  CredentialsChangedException() {
    super(
        "Your password was reset or changed since you logged in, so this session has ended; log in again.");
  }
}
