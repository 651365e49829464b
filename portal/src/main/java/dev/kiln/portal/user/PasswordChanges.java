package dev.kiln.portal.user;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.user.PasswordChangeRefused.Field;
import dev.kiln.portal.user.domain.UserAccount;
import dev.kiln.portal.user.domain.UserRepository;
import java.time.Duration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user changes their own password. It takes the password they log in with now (the one-time
 * password after a reset), so a session left open, or taken over, cannot lock its owner out; wrong
 * ones count against the same per-account limit as the log-in form's. A new password ends every
 * other session of the user; their API tokens keep working, as a routine change is no reason to
 * break the jobs that use them (an admin's reset, for an account that may be in other hands,
 * revokes them).
 */
@Service
@Transactional
public class PasswordChanges {

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final PasswordGuesses guesses;
  private final AuditLog audit;

  PasswordChanges(
      UserRepository users, PasswordEncoder encoder, PasswordGuesses guesses, AuditLog audit) {
    this.users = users;
    this.encoder = encoder;
    this.guesses = guesses;
    this.audit = audit;
  }

  /**
   * Sets the calling user's new password.
   *
   * @param current the password they log in with now: their own, or the one-time password after a
   *     reset
   * @return the account's new credentials version: the calling session holds it to stay logged in
   * @throws PasswordChangeRefused naming the field at fault and why
   */
  @PreAuthorize("isAuthenticated()")
  public long change(String current, String newPassword) {
    String username = SecurityContextHolder.getContext().getAuthentication().getName();
    UserAccount user =
        users
            .findForUpdateByKey(Usernames.key(username))
            .orElseThrow(
                () ->
                    new PasswordChangeRefused(Field.CURRENT, "There is no user " + username + "."));
    if (user.getProvider() != null) {
      throw new PasswordChangeRefused(
          Field.NEW, "You log in through " + user.getProvider() + "; change your password there.");
    }
    guesses
        .waitBefore(user.getUsername())
        .ifPresent(
            wait -> {
              throw new PasswordChangeRefused(
                  Field.CURRENT,
                  "Too many wrong passwords for this account. Try again in " + minutes(wait) + ".");
            });
    if (current == null || current.isEmpty() || !encoder.matches(current, user.getPasswordHash())) {
      guesses.failed(user.getUsername());
      audit.recordIndependently(
          event(AuditAction.USER_PASSWORD_CHANGE_REFUSED, user, "wrong current password"));
      throw new PasswordChangeRefused(
          Field.CURRENT,
          user.isMustChangePassword()
              ? "This is not your one-time password."
              : "This is not your current password.");
    }
    PasswordPolicy.problem(user.getUsername(), newPassword)
        .ifPresent(
            problem -> {
              throw new PasswordChangeRefused(Field.NEW, problem);
            });
    if (newPassword.equals(current)) {
      throw new PasswordChangeRefused(
          Field.NEW, "Choose a password different from the current one.");
    }
    user.changePassword(encoder.encode(newPassword));
    audit.record(event(AuditAction.USER_PASSWORD_CHANGED, user, "by the user"));
    audit.record(
        event(
            AuditAction.USER_SESSIONS_ENDED,
            user,
            "every other session, after the user changed their" + " password; API tokens kept"));
    return user.getCredentialsVersion();
  }

  private static AuditEvent event(AuditAction action, UserAccount user, String detail) {
    return AuditEvent.of(action, "user", user.getId(), user.getUsername()).detail(detail);
  }

  private static String minutes(Duration wait) {
    long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }
}
