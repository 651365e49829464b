package dev.kiln.portal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kiln.portal.user.PasswordGuesses;
import dev.kiln.portal.user.Usernames;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed log-ins per account and per client address, so passwords cannot be guessed at
 * speed. Each failure takes a token; tokens come back over {@link #WINDOW}. A successful log-in
 * clears its account's count. Memory is bounded: idle counters are forgotten after an hour.
 *
 * <p>An account is counted by its name's {@link Usernames#key}, the same key the log-in looks the
 * account up by, so every spelling that reaches an account shares its one count. Wrong current
 * passwords in the change-password form count here too. An address is counted by {@link
 * ClientAddresses#limitKey}: an IPv6 client by its /64.
 */
@Component
class LoginAttempts implements PasswordGuesses {

  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int PER_ACCOUNT = 10;
  static final int PER_ADDRESS = 30;

  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

  /** How long the client must wait before it may try again, or empty when it may try now. */
  Optional<Duration> waitBefore(String username, String address) {
    long nanos =
        Math.max(
            waitNanos(accountKey(username), PER_ACCOUNT),
            waitNanos(addressKey(address), PER_ADDRESS));
    return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
  }

  @Override
  public Optional<Duration> waitBefore(String username) {
    long nanos = waitNanos(accountKey(username), PER_ACCOUNT);
    return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
  }

  @Override
  public void failed(String username) {
    bucket(accountKey(username), PER_ACCOUNT).tryConsume(1);
  }

  @EventListener
  void failed(AbstractAuthenticationFailureEvent event) {
    bucket(accountKey(event.getAuthentication().getName()), PER_ACCOUNT).tryConsume(1);
    address(event.getAuthentication().getDetails())
        .ifPresent(address -> bucket(addressKey(address), PER_ADDRESS).tryConsume(1));
  }

  @EventListener
  void succeeded(AuthenticationSuccessEvent event) {
    buckets.invalidate(accountKey(event.getAuthentication().getName()));
  }

  private long waitNanos(String key, int capacity) {
    Bucket bucket = buckets.getIfPresent(key);
    return bucket == null ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
  }

  private Bucket bucket(String key, int capacity) {
    return buckets.get(
        key,
        k ->
            Bucket.builder()
                .addLimit(
                    Bandwidth.builder().capacity(capacity).refillGreedy(capacity, WINDOW).build())
                .build());
  }

  private static Optional<String> address(Object details) {
    return details instanceof WebAuthenticationDetails web
        ? Optional.ofNullable(web.getRemoteAddress())
        : Optional.empty();
  }

  private static String accountKey(String username) {
    return "account:" + Usernames.key(username);
  }

  private static String addressKey(String address) {
    return "address:" + ClientAddresses.limitKey(address);
  }
}
