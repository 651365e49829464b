package dev.kiln.portal.user;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.RandomText;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.user.domain.ApiToken;
import dev.kiln.portal.user.domain.ApiTokenRepository;
import dev.kiln.portal.user.domain.UserAccount;
import dev.kiln.portal.user.domain.UserRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens: a user creates, lists and revokes their own; the API checks them. A token's
 * value is shown once and only its SHA-256 is stored: the value is long and random, so a plain hash
 * is enough and, unlike a password hash, lets a request find its token with one indexed look-up.
 */
@Service
@Transactional
public class ApiTokens {

  /** What every token starts with, so that leaked tokens are easy to recognise and scan for. */
  public static final String PREFIX = "kiln_";

  public static final int MAX_DAYS = 365;

  private final ApiTokenRepository tokens;
  private final UserRepository users;
  private final Clock clock;
  private final Supplier<String> values;
  private final AuditLog audit;

  ApiTokens(ApiTokenRepository tokens, UserRepository users, Clock clock, AuditLog audit) {
    this.tokens = tokens;
    this.users = users;
    this.clock = clock;
    this.audit = audit;
    this.values = ApiTokens::randomValue;
  }

  /** A token's value and what is stored of it; the value cannot be shown again. */
  public record Created(ApiTokenInfo token, String value) {}

  /**
   * Creates a token for the calling user. The user's row is locked first, as a password reset locks
   * it before revoking their tokens: a creation that got there first is committed before the reset
   * looks, so the reset revokes its token; one that comes after finds the credentials moved past
   * the caller's session and is refused. Without the lock a token made by a session the reset ended
   * could outlive the reset.
   *
   * @throws IllegalArgumentException with a message for the user when the name or expiry is not
   *     usable
   * @throws CredentialsChangedException when the caller's credentials changed since it logged in
   */
  @PreAuthorize("isAuthenticated()")
  public Created create(String name, ApiScope scope, int days) {
    String clean = name == null ? "" : name.strip();
    String nameProblem =
        clean.isEmpty()
            ? "Give the token a name."
            : TextRules.nameProblem(clean, ApiToken.NAME_LENGTH);
    if (nameProblem != null) {
      throw new IllegalArgumentException(nameProblem);
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("Let the token expire in 1 to " + MAX_DAYS + " days.");
    }
    if (scope == null) {
      throw new IllegalArgumentException("Choose a scope.");
    }
    UserAccount me = currentUserLocked();
    Instant now = clock.instant();
    String value = values.get();
    ApiToken token =
        tokens.save(
            new ApiToken(me, clean, hash(value), scope, now, now.plus(Duration.ofDays(days))));
    audit.record(
        AuditEvent.of(AuditAction.TOKEN_CREATED, "token", token.getId(), clean)
            .detail("scope " + scope + ", expires in " + days + " days"));
    return new Created(info(token), value);
  }

  /** The calling user's tokens, newest first, including expired and revoked ones. */
  @Transactional(readOnly = true)
  @PreAuthorize("isAuthenticated()")
  public List<ApiTokenInfo> mine() {
    return tokens.findByUserOrderByCreatedAtDesc(currentUser()).stream()
        .map(ApiTokens::info)
        .toList();
  }

  /** Revokes one of the calling user's tokens; it is refused from then on. */
  @PreAuthorize("isAuthenticated()")
  public void revoke(long id) {
    UserAccount me = currentUser();
    ApiToken token =
        tokens
            .findById(id)
            .filter(t -> t.getUser().getId().equals(me.getId()))
            .orElseThrow(() -> new NoSuchElementException("No token " + id));
    token.revoke(clock.instant());
    audit.record(AuditEvent.of(AuditAction.TOKEN_REVOKED, "token", id, token.getName()));
  }

  /**
   * Checks a token's value, as sent in a request, and records its use.
   *
   * @return who calls; empty when the token is unknown, expired, revoked, or its user is disabled
   */
  public Optional<ApiCaller> authenticate(String value) {
    if (value == null || !value.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return tokens
        .findByTokenHash(hash(value))
        .filter(t -> t.isUsable(now) && t.getUser().isEnabled())
        .map(
            t -> {
              t.markUsed(now);
              return new ApiCaller(
                  t.getUser().getUsername(),
                  t.getUser().getRole(),
                  t.getName(),
                  t.getScope(),
                  t.getId());
            });
  }

  /**
   * The calling user, row locked, refused when their credentials moved past the caller's session.
   */
  private UserAccount currentUserLocked() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    UserAccount me =
        users
            .findForUpdateByKey(Usernames.key(auth.getName()))
            .orElseThrow(() -> new NoSuchElementException("No user " + auth.getName()));
    OptionalLong held = CredentialsVersion.ofCaller(auth);
    if (!me.isEnabled() || held.isPresent() && held.getAsLong() < me.getCredentialsVersion()) {
      throw new CredentialsChangedException();
    }
    return me;
  }

  private UserAccount currentUser() {
    String name = SecurityContextHolder.getContext().getAuthentication().getName();
    return users
        .findByUsername(name)
        .orElseThrow(() -> new NoSuchElementException("No user " + name));
  }

  private static ApiTokenInfo info(ApiToken t) {
    return new ApiTokenInfo(
        t.getId(),
        t.getName(),
        t.getScope(),
        t.getCreatedAt(),
        t.getExpiresAt(),
        t.getLastUsedAt(),
        t.getRevokedAt());
  }

  static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String randomValue() {
    return PREFIX + RandomText.of(RandomText.BASE62, 40);
  }
}
