package dev.kiln.portal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the token checks that fail per client address, so that tokens cannot be guessed at speed,
 * while valid tokens never count. Each address has a budget of failures that refills evenly over
 * the period. A check claims a place in it before its token is looked up, and only a check whose
 * token turns out invalid spends its place; a valid one gives it back. Places claimed by checks
 * still running are reserved, so however many guesses arrive at once, no more reach the token
 * look-up than the budget has left. A check that finds every place left reserved waits for one of
 * those checks to end rather than being refused: valid requests give their places back within
 * milliseconds, so many at once are all served, and guesses spend the budget and are then refused
 * without waiting.
 *
 * <p>A token that checked out within the last period needs no place at all: it is remembered (by
 * its SHA-256, never its value) and goes straight to its look-up, so a client's steady stream of
 * valid requests never waits on its own checks. Should it have been revoked since, its failure
 * still counts.
 */
final class InvalidTokenLimit {

  /** How long a check waits for places reserved by checks still running, before it is refused. */
  static final Duration MAX_WAIT = Duration.ofSeconds(20);

  private final int perPeriod;
  private final Duration period;
  private final TimeMeter time;
  private final Cache<String, Address> addresses;
  private final Cache<String, Boolean> recentlyValid;

  InvalidTokenLimit(int perPeriod, Duration period, TimeMeter time) {
    this.perPeriod = perPeriod;
    this.period = period;
    this.time = time;
    // An address idle for a whole period has its whole budget again, so forgetting it changes
    // nothing.
    this.addresses = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(period).build();
    this.recentlyValid =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(period).build();
  }

  /**
   * Claims a check of {@code token} for a client address: either a place to look the token up (none
   * needed for a token that recently checked out), or how long to wait. An IPv6 client shares one
   * budget with its whole /64 ({@link ClientAddresses#limitKey}).
   */
  Claim claim(String address, String token) {
    return addresses
        .get(ClientAddresses.limitKey(address), a -> new Address())
        .claim(sha256(token));
  }

  /**
   * A claimed check. When it is {@linkplain #allowed() allowed}, say how it ended, once: {@link
   * #ended(boolean)}, or {@link #abandoned()} when the look-up itself failed.
   */
  final class Claim {

    private final Address address;
    private final String fingerprint;
    private final boolean holdsPlace;
    private final Duration retryAfter;
    private final AtomicBoolean open;

    /**
     * Allowed to look the token up; {@code holdsPlace} when it holds a place in the address's
     * budget.
     */
    private Claim(Address address, String fingerprint, boolean holdsPlace) {
      this.address = address;
      this.fingerprint = fingerprint;
      this.holdsPlace = holdsPlace;
      this.retryAfter = Duration.ZERO;
      this.open = new AtomicBoolean(true);
    }

    /** Refused: try again after {@code retryAfter}. */
    private Claim(Duration retryAfter) {
      this.address = null;
      this.fingerprint = null;
      this.holdsPlace = false;
      this.retryAfter = retryAfter;
      this.open = new AtomicBoolean(false);
    }

    boolean allowed() {
      return address != null;
    }

    /** How long the address must wait before it may try again, when not allowed. */
    Duration retryAfter() {
      return retryAfter;
    }

    /** The token was looked up: an invalid one spends the place, a valid one gives it back. */
    void ended(boolean tokenValid) {
      if (open.compareAndSet(true, false)) {
        if (tokenValid) {
          recentlyValid.put(
              fingerprint, true); // before the place is given back, so checks waiting for it see it
        } else {
          recentlyValid.invalidate(fingerprint);
        }
        end(tokenValid);
      }
    }

    /**
     * The look-up did not tell (it failed): the place is given back uncounted. Does nothing after
     * {@link #ended}.
     */
    void abandoned() {
      if (open.compareAndSet(true, false)) {
        end(true);
      }
    }

    private void end(boolean valid) {
      if (holdsPlace) {
        address.release(!valid);
      } else if (!valid) {
        address.failedWithoutPlace();
      }
    }
  }

  /** One address's budget of failures and the checks running against it. */
  private final class Address {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition checkEnded = lock.newCondition();
    private final Bucket failures =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder().capacity(perPeriod).refillGreedy(perPeriod, period).build())
            .withCustomTimePrecision(time)
            .build();
    private int running;

    Claim claim(String fingerprint) {
      long deadline = System.nanoTime() + MAX_WAIT.toNanos();
      lock.lock();
      try {
        while (true) {
          if (recentlyValid.getIfPresent(fingerprint) != null) {
            return new Claim(
                this, fingerprint, false); // also when it checked out while this one waited
          }
          long left =
              failures
                  .getAvailableTokens(); // what failures may still spend; running checks hold part
          if (left > running) {
            running++;
            return new Claim(this, fingerprint, true);
          }
          if (left <= 0) {
            return new Claim(
                Duration.ofNanos(failures.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
          }
          long wait = deadline - System.nanoTime();
          if (wait <= 0 || !checkEnded.await(wait, TimeUnit.NANOSECONDS)) {
            return new Claim(Duration.ofSeconds(1));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Claim(Duration.ofSeconds(1));
      } finally {
        lock.unlock();
      }
    }

    void release(boolean failed) {
      lock.lock();
      try {
        running--;
        if (failed) {
          failures.tryConsume(1);
        }
        checkEnded.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /**
     * A token that had checked out recently, and held no place, turned out invalid (revoked since):
     * it counts.
     */
    void failedWithoutPlace() {
      lock.lock();
      try {
        failures.tryConsume(1);
      } finally {
        lock.unlock();
      }
    }
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
