package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The API's rate limits on a clock the test moves, so refills need no waiting. */
class ApiRateLimiterTest {

  private final ManualTime time = new ManualTime();
  private final ApiRateLimiter limiter =
      new ApiRateLimiter(new ApiRateLimitProperties(5, 2, 3), time);

  @Test
  void aTokenMayBurstToItsLimitAndThenWaitsForTheRefill() {
    for (int i = 4; i >= 0; i--) {
      assertThat(limiter.request(1, false))
          .satisfies(
              d -> {
                assertThat(d.allowed()).isTrue();
                assertThat(d.limit()).isEqualTo(5);
              })
          .extracting(ApiRateLimiter.Decision::remaining)
          .isEqualTo((long) i);
    }

    ApiRateLimiter.Decision refused = limiter.request(1, false);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    // Five per minute, refilled evenly: one comes back every 12 seconds.
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    assertThat(refused.untilFull()).isEqualTo(Duration.ofMinutes(1));

    time.advance(Duration.ofSeconds(11));
    assertThat(limiter.request(1, false).allowed()).isFalse();
    time.advance(Duration.ofSeconds(1));
    assertThat(limiter.request(1, false).allowed()).isTrue();
    time.advance(ApiRateLimiter.PERIOD);
    assertThat(limiter.request(1, false).remaining()).isEqualTo(4);
  }

  @Test
  void anotherTokenHasItsOwnBucket() {
    for (int i = 0; i < 5; i++) {
      limiter.request(1, false);
    }
    assertThat(limiter.request(1, false).allowed()).isFalse();

    assertThat(limiter.request(2, false))
        .satisfies(
            d -> {
              assertThat(d.allowed()).isTrue();
              assertThat(d.remaining()).isEqualTo(4);
            });
  }

  @Test
  void triggersHaveASmallerLimitAndCountAsRequests() {
    assertThat(limiter.request(1, true).remaining()).isEqualTo(1);
    assertThat(limiter.request(1, true).remaining()).isZero();
    ApiRateLimiter.Decision third = limiter.request(1, true);
    assertThat(third.allowed()).isFalse();
    assertThat(third.limit()).isEqualTo(2);
    assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(30));

    // Three requests were counted, the refused trigger included; plain requests still go through.
    assertThat(limiter.request(1, false))
        .satisfies(
            d -> {
              assertThat(d.allowed()).isTrue();
              assertThat(d.remaining()).isEqualTo(1);
            });
    // Once the requests run lower than the triggers, a trigger reports the requests' bucket.
    time.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 4; i++) {
      limiter.request(1, false);
    }
    assertThat(limiter.request(1, true))
        .satisfies(
            d -> {
              assertThat(d.limit()).isEqualTo(5);
              assertThat(d.remaining()).isZero();
            });
  }

  @Test
  void failedTokenChecksAreLimitedPerAddressAndValidOnesAreHandedBack() {
    for (int i = 0; i < 10; i++) {
      InvalidTokenLimit.Claim check = limiter.claimTokenCheck("192.0.2.1", "valid-" + i);
      assertThat(check.allowed()).isTrue();
      check.ended(true);
    }
    for (int i = 0; i < 3; i++) {
      InvalidTokenLimit.Claim check = limiter.claimTokenCheck("192.0.2.1", "guess-" + i);
      assertThat(check.allowed()).isTrue();
      check.ended(false);
    }

    InvalidTokenLimit.Claim refused = limiter.claimTokenCheck("192.0.2.1", "guess-3");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(limiter.claimTokenCheck("192.0.2.1", "valid-new").allowed())
        .as("a valid token not seen lately")
        .isFalse();
    assertThat(limiter.claimTokenCheck("192.0.2.2", "guess-3").allowed()).isTrue();
    time.advance(Duration.ofSeconds(20));
    assertThat(limiter.claimTokenCheck("192.0.2.1", "guess-3").allowed()).isTrue();
  }

  /**
   * A token that checked out lately goes on from an address over its limit, as it needs no guess
   * checked; if it was revoked since, that failure counts like any other.
   */
  @Test
  void aTokenThatCheckedOutLatelyNeedsNoPlace() {
    limiter.claimTokenCheck("192.0.2.6", "valid").ended(true);
    for (int i = 0; i < 3; i++) {
      limiter.claimTokenCheck("192.0.2.6", "guess-" + i).ended(false);
    }
    assertThat(limiter.claimTokenCheck("192.0.2.6", "guess-3").allowed()).isFalse();
    assertThat(limiter.claimTokenCheck("192.0.2.6", "valid").allowed())
        .as("over the limit, but known valid")
        .isTrue();
  }

  @Test
  void aTokenRevokedSinceItCheckedOutCountsWhenItFails() {
    limiter.claimTokenCheck("192.0.2.7", "valid").ended(true);
    limiter.claimTokenCheck("192.0.2.7", "guess-0").ended(false);

    InvalidTokenLimit.Claim revoked = limiter.claimTokenCheck("192.0.2.7", "valid");
    assertThat(revoked.allowed()).isTrue();
    revoked.ended(false);

    limiter.claimTokenCheck("192.0.2.7", "guess-1").ended(false);
    assertThat(limiter.claimTokenCheck("192.0.2.7", "guess-2").allowed())
        .as("three failures, the revoked token's too")
        .isFalse();
    assertThat(limiter.claimTokenCheck("192.0.2.7", "valid").allowed())
        .as("no longer known valid")
        .isFalse();
  }

  /**
   * A look-up that failed (the database, say) is no invalid token: its place comes back uncounted.
   */
  @Test
  void anAbandonedCheckDoesNotCount() {
    for (int i = 0; i < 10; i++) {
      limiter.claimTokenCheck("192.0.2.3", "lost-" + i).abandoned();
    }
    InvalidTokenLimit.Claim check = limiter.claimTokenCheck("192.0.2.3", "guess-0");
    check.ended(false);
    check.abandoned(); // after ended: nothing more
    for (int i = 1; i < 3; i++) {
      limiter.claimTokenCheck("192.0.2.3", "guess-" + i).ended(false);
    }
    assertThat(limiter.claimTokenCheck("192.0.2.3", "guess-3").allowed()).isFalse();
  }

  /**
   * Many checks at once from one address, each on a thread of its own and each with a token never
   * seen before: valid ones all go ahead, waiting for places that running checks hold; of invalid
   * ones, no more than the limit reach the look-up (the clock stands still, so nothing refills).
   */
  @Test
  void concurrentChecksAreBoundedForInvalidTokensOnly() throws Exception {
    assertThat(concurrentChecks("192.0.2.4", 200, true)).isEqualTo(200);
    assertThat(concurrentChecks("192.0.2.5", 200, false)).isEqualTo(3);
  }

  /**
   * Runs {@code count} checks at once, each ending as {@code valid} says; returns how many went
   * ahead.
   */
  private int concurrentChecks(String address, int count, boolean valid) throws Exception {
    var start = new CountDownLatch(1);
    var allowed = new AtomicInteger();
    try (var threads = Executors.newFixedThreadPool(count)) {
      for (int i = 0; i < count; i++) {
        threads.submit(
            () -> {
              start.await();
              InvalidTokenLimit.Claim check =
                  limiter.claimTokenCheck(address, UUID.randomUUID().toString());
              if (check.allowed()) {
                allowed.incrementAndGet();
                Thread.sleep(5); // the look-up
                check.ended(valid);
              }
              return null;
            });
      }
      start.countDown();
    }
    return allowed.get();
  }

  /** Bucket4j's clock, moved by the test. */
  private static final class ManualTime implements TimeMeter {

    private long nanos = 1_000_000_000L;

    void advance(Duration duration) {
      nanos += duration.toNanos();
    }

    @Override
    public long currentTimeNanos() {
      return nanos;
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }
}
