package dev.kiln.portal.user;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.user.domain.UserAccount;
import dev.kiln.portal.user.domain.UserRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.authentication.DisabledException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Kiln accounts of users who log in through an identity provider (OpenID, GitHub): each is
 * found by the provider's subject, created at the first log-in under a free username, and given the
 * role the user's groups at the provider map to.
 */
@Service
@Transactional
public class ExternalAccounts {

  private final UserRepository users;
  private final AuthProperties auth;
  private final Clock clock;
  private final AuditLog audit;

  ExternalAccounts(UserRepository users, AuthProperties auth, Clock clock, AuditLog audit) {
    this.users = users;
    this.auth = auth;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * Finds or creates the Kiln user behind an OpenID log-in, and updates their role when their
   * groups map to one (the provider is the source of truth for mapped groups).
   *
   * @return the user's Kiln username and role
   * @throws DisabledException when an admin disabled the user
   */
  public SignedIn signIn(
      String provider,
      String subject,
      String preferredName,
      String email,
      Collection<String> groups) {
    return signIn(provider, subject, preferredName, email, groups, auth.groupRoles());
  }

  /**
   * As {@link #signIn(String, String, String, String, Collection)}, with the groups mapped by
   * {@code mapping} instead of {@code kiln.auth.role-mapping} (GitHub's organizations and teams
   * have a mapping of their own).
   */
  public SignedIn signIn(
      String provider,
      String subject,
      String preferredName,
      String email,
      Collection<String> groups,
      Map<String, Role> mapping) {
    Role mapped =
        groups.stream()
            .map(mapping::get)
            .filter(Objects::nonNull)
            .min(Comparator.naturalOrder())
            .orElse(null); // ADMIN sorts first
    Role initial = mapped != null ? mapped : auth.defaultRole();
    UserAccount user =
        users
            .findByProviderAndSubject(provider, subject)
            .orElseGet(
                () ->
                    audited(
                        AuditAction.USER_CREATED,
                        users.save(
                            UserAccount.external(
                                freeUsername(preferredName, email, subject),
                                provider,
                                subject,
                                email,
                                initial,
                                clock.instant())),
                        "first log-in through " + provider + ", role " + initial));
    if (!user.isEnabled()) {
      throw new DisabledException("This account is disabled.");
    }
    Role before = user.getRole();
    user.refresh(email, mapped);
    if (user.getRole() != before) {
      audited(
          AuditAction.USER_ROLE_CHANGED,
          user,
          before + " → " + user.getRole() + ", from groups at " + provider);
    }
    return new SignedIn(user.getUsername(), user.getRole(), user.getCredentialsVersion());
  }

  /**
   * Who logged in, as Kiln knows them.
   *
   * @param credentialsVersion the account's credentials version at this log-in, for the session to
   *     hold
   */
  public record SignedIn(String username, Role role, long credentialsVersion) {}

  /**
   * A name no user has yet, made of the local set of characters, from what the provider calls the
   * user.
   */
  private String freeUsername(String preferredName, String email, String subject) {
    String base =
        preferredName != null && !preferredName.isBlank()
            ? preferredName
            : email != null && email.contains("@")
                ? email.substring(0, email.indexOf('@'))
                : "user-" + Integer.toHexString(subject.hashCode());
    base = Usernames.fromProvider(base, Usernames.MAX_LENGTH - 8); // room for "-" and a number
    String candidate = base;
    for (int n = 2; users.findByUsername(candidate).isPresent(); n++) {
      candidate = base + "-" + n;
    }
    return candidate;
  }

  private UserAccount audited(AuditAction action, UserAccount user, String detail) {
    audit.record(AuditEvent.of(action, "user", user.getId(), user.getUsername()).detail(detail));
    return user;
  }
}
