package dev.kiln.portal.user;

import java.time.Duration;
import java.util.Optional;

/**
 * Counts wrong passwords per account wherever they are typed, so that the change-password form is
 * no second way to guess a password beside the log-in form: both share one count per account. The
 * log-in limits implement it.
 */
public interface PasswordGuesses {

  /** How long before this account's password may be checked again; empty when it may be now. */
  Optional<Duration> waitBefore(String username);

  /** Counts a wrong password typed for this account. */
  void failed(String username);
}
