package dev.kiln.portal.user;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.user.domain.ApiToken;
import dev.kiln.portal.user.domain.ApiTokenRepository;
import dev.kiln.portal.user.domain.UserAccount;
import dev.kiln.portal.user.domain.UserRepository;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What admins do with users: list, create, change roles, disable, reset passwords. Only admins may
 * call it, and Kiln always keeps at least one enabled admin. A reset is for an account that may be
 * in other hands: it ends every session of the user, on every node, and revokes their API tokens. A
 * disable ends every session too (for good: enabling the user again brings none back) and suspends
 * the tokens until the user is enabled again.
 */
@Service
@Transactional
@PreAuthorize("hasRole('ADMIN')")
public class UserAdministration {

  private final UserRepository users;
  private final ApiTokenRepository tokens;
  private final PasswordEncoder encoder;
  private final Clock clock;
  private final AuditLog audit;

  UserAdministration(
      UserRepository users,
      ApiTokenRepository tokens,
      PasswordEncoder encoder,
      Clock clock,
      AuditLog audit) {
    this.users = users;
    this.tokens = tokens;
    this.encoder = encoder;
    this.clock = clock;
    this.audit = audit;
  }

  @Transactional(readOnly = true)
  public List<UserSummary> list(Pageable page) {
    return users.findAllByOrderByUsernameAsc(page).stream()
        .map(UserAdministration::summary)
        .toList();
  }

  @Transactional(readOnly = true)
  public long count() {
    return users.count();
  }

  /**
   * Creates a local user with a one-time password they must replace at their first log-in.
   *
   * @return the one-time password, to be handed over once
   * @throws IllegalArgumentException with a message for the admin when the name is not usable
   */
  public String create(String username, Role role) {
    String name = Usernames.checkLocal(username);
    if (users.findByUsername(name).isPresent()) {
      throw new IllegalArgumentException("A user named '" + name + "' already exists.");
    }
    String password = OneTimePasswords.next();
    UserAccount user;
    try {
      user =
          users.saveAndFlush(
              new UserAccount(name, encoder.encode(password), role, true, clock.instant()));
    } catch (DataIntegrityViolationException e) {
      if (ConstraintNames.of(e).filter("users_username_key"::equals).isEmpty()) {
        throw e; // unforeseen: an error with a correlation id rather than a guess
      }
      throw new IllegalArgumentException(
          "A user named '" + name + "' already exists."); // created meanwhile
    }
    audited(AuditAction.USER_CREATED, user, "role " + role);
    return password;
  }

  public void changeRole(long id, Role role) {
    UserAccount user = find(id);
    if (user.getRole() == Role.ADMIN && role != Role.ADMIN) {
      keepAnAdmin(user);
    }
    audited(AuditAction.USER_ROLE_CHANGED, user, user.getRole() + " → " + role);
    user.setRole(role);
  }

  /**
   * Enables or disables a user; disabling ends every session of theirs and suspends their API
   * tokens.
   */
  public void setEnabled(long id, boolean enabled) {
    UserAccount user =
        users.findForUpdate(id).orElseThrow(() -> new NoSuchElementException("No user " + id));
    if (!enabled && user.getRole() == Role.ADMIN) {
      keepAnAdmin(user);
    }
    boolean disabling = user.isEnabled() && !enabled;
    user.setEnabled(enabled);
    audited(enabled ? AuditAction.USER_ENABLED : AuditAction.USER_DISABLED, user, "");
    if (disabling) {
      audited(
          AuditAction.USER_SESSIONS_ENDED,
          user,
          "every session, as the user was disabled; API tokens suspended" + " until enabled again");
    }
  }

  /**
   * Gives a local user a new one-time password, ends every session of theirs and revokes their API
   * tokens.
   *
   * @return the password, to be handed over once
   */
  public String resetPassword(long id) {
    UserAccount user =
        users.findForUpdate(id).orElseThrow(() -> new NoSuchElementException("No user " + id));
    if (user.getProvider() != null) {
      throw new IllegalArgumentException(
          user.getUsername()
              + " logs in through "
              + user.getProvider()
              + "; their password is managed there.");
    }
    String password = OneTimePasswords.next();
    user.resetPassword(encoder.encode(password));
    audited(AuditAction.USER_PASSWORD_RESET, user, "new one-time password");
    List<ApiToken> active =
        tokens.findByUserAndRevokedAtIsNullAndExpiresAtAfter(user, clock.instant());
    for (ApiToken token : active) {
      token.revoke(clock.instant());
      audit.record(
          AuditEvent.of(AuditAction.TOKEN_REVOKED, "token", token.getId(), token.getName())
              .detail("of " + user.getUsername() + ", by the password reset"));
    }
    audited(
        AuditAction.USER_SESSIONS_ENDED,
        user,
        "every session, by the password reset; "
            + active.size()
            + (active.size() == 1 ? " API token" : " API tokens")
            + " revoked");
    return password;
  }

  /** How many API tokens of the user still work: what a reset would revoke. */
  @Transactional(readOnly = true)
  public int activeTokens(long id) {
    return tokens.findByUserAndRevokedAtIsNullAndExpiresAtAfter(find(id), clock.instant()).size();
  }

  private void keepAnAdmin(UserAccount user) {
    if (user.isEnabled() && users.countByRoleAndEnabledTrue(Role.ADMIN) <= 1) {
      throw new IllegalArgumentException(
          user.getUsername() + " is the last enabled admin; make someone else admin first.");
    }
  }

  private void audited(AuditAction action, UserAccount user, String detail) {
    audit.record(AuditEvent.of(action, "user", user.getId(), user.getUsername()).detail(detail));
  }

  private UserAccount find(long id) {
    return users.findById(id).orElseThrow(() -> new NoSuchElementException("No user " + id));
  }

  private static UserSummary summary(UserAccount u) {
    return new UserSummary(
        u.getId(),
        u.getUsername(),
        u.getRole(),
        u.getProvider(),
        u.getEmail(),
        u.isEnabled(),
        u.getCreatedAt());
  }
}
