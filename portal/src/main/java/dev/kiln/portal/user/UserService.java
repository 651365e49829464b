package dev.kiln.portal.user;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.user.domain.UserAccount;
import dev.kiln.portal.user.domain.UserRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: the first admin, log-in look-ups, who is who on screens, and what sessions check. Users
 * of identity providers sign in through {@link ExternalAccounts}.
 */
@Service
@Transactional
public class UserService implements UserDetailsService {

  /** Passwords chosen by users must be at least this long. */
  public static final int MIN_PASSWORD_LENGTH = PasswordPolicy.MIN_LENGTH;

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final Clock clock;
  private final Supplier<String> oneTimePasswords;
  private final AuditLog audit;

  public UserService(UserRepository users, PasswordEncoder encoder, Clock clock, AuditLog audit) {
    this.users = users;
    this.encoder = encoder;
    this.clock = clock;
    this.audit = audit;
    this.oneTimePasswords = OneTimePasswords::next;
  }

  /**
   * Creates the {@code admin} account with a random one-time password when no user exists yet.
   *
   * @return the password, to be shown once; empty when users already exist
   */
  public Optional<String> createFirstAdminIfNone() {
    if (users.count() > 0) {
      return Optional.empty();
    }
    String password = oneTimePasswords.get();
    audited(
        AuditAction.USER_CREATED,
        users.save(
            new UserAccount("admin", encoder.encode(password), Role.ADMIN, true, clock.instant())),
        "first admin, role ADMIN");
    return Optional.of(password);
  }

  /** Tells whether this user must choose a new password before using Kiln. */
  @Transactional(readOnly = true)
  public boolean mustChangePassword(String username) {
    return users.findByUsername(username).map(UserAccount::isMustChangePassword).orElse(false);
  }

  /**
   * What a session of this user must agree with; empty when there is no enabled user of that name.
   */
  @Transactional(readOnly = true)
  public Optional<AccountStanding> standing(String username) {
    return users.findByUsername(username).filter(UserAccount::isEnabled).map(UserService::standing);
  }

  /**
   * {@link #standing} of many users at once, by their {@link Usernames#key}; disabled and unknown
   * users are left out.
   */
  @Transactional(readOnly = true)
  public Map<String, AccountStanding> standings(Collection<String> usernameKeys) {
    return users.findByUsernameKeyIn(usernameKeys).stream()
        .filter(UserAccount::isEnabled)
        .collect(Collectors.toMap(UserAccount::getUsernameKey, UserService::standing));
  }

  private static AccountStanding standing(UserAccount user) {
    return new AccountStanding(user.getRole(), user.getCredentialsVersion());
  }

  /** The id of the user with this name (any case), enabled or not. */
  @Transactional(readOnly = true)
  public Optional<Long> idOf(String username) {
    return username == null
        ? Optional.empty()
        : users.findByUsername(username.strip()).map(UserAccount::getId);
  }

  /** Usernames by id, for showing who is who; ids without a user are left out. */
  @Transactional(readOnly = true)
  public Map<Long, String> usernames(Collection<Long> ids) {
    return users.findAllById(ids).stream()
        .collect(Collectors.toMap(UserAccount::getId, UserAccount::getUsername));
  }

  /** Names of enabled users starting with {@code prefix}, for choosing someone on a screen. */
  @Transactional(readOnly = true)
  public List<String> suggestUsernames(String prefix, int limit) {
    String pattern =
        Usernames.key(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return users.findEnabledByKeyLike(pattern, PageRequest.of(0, limit)).stream()
        .map(UserAccount::getUsername)
        .toList();
  }

  /**
   * Creates a local user with a password of their own. Admins only: the users screen uses {@link
   * UserAdministration#create}, which picks the first password; this one lets an admin set it.
   *
   * @throws IllegalArgumentException when the name is not allowed or taken, or the password is
   *     refused
   */
  @PreAuthorize("hasRole('ADMIN')")
  public void create(String username, String password, Role role) {
    String name = Usernames.checkLocal(username);
    if (users.findByUsername(name).isPresent()) {
      throw new IllegalArgumentException("A user named '" + name + "' already exists.");
    }
    PasswordPolicy.problem(name, password)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    audited(
        AuditAction.USER_CREATED,
        users.save(new UserAccount(name, encoder.encode(password), role, false, clock.instant())),
        "role " + role);
  }

  private UserAccount audited(AuditAction action, UserAccount user, String detail) {
    audit.record(AuditEvent.of(action, "user", user.getId(), user.getUsername()).detail(detail));
    return user;
  }

  @Override
  @Transactional(readOnly = true)
  public UserDetails loadUserByUsername(String username) {
    UserAccount user =
        users
            .findByUsername(username)
            .filter(u -> u.getPasswordHash() != null)
            .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    return new AccountDetails(
        user.getUsername(),
        user.getPasswordHash(),
        user.isEnabled(),
        AuthorityUtils.createAuthorityList("ROLE_" + user.getRole().name()),
        user.getCredentialsVersion());
  }
}
