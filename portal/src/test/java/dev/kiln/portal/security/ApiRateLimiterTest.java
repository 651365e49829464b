package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The API's rate limits on a clock the test moves, so refills need no waiting. */
class ApiRateLimiterTest {

  private final ManualTime time = new ManualTime();
  private final ApiRateLimiter limiter = new ApiRateLimiter(new ApiRateLimitProperties(5, 2, 3), time);

  @Test
  void aTokenMayBurstToItsLimitAndThenWaitsForTheRefill() {
    for (int i = 4; i >= 0; i--) {
      assertThat(limiter.request(1, false)).satisfies(d -> {
        assertThat(d.allowed()).isTrue();
        assertThat(d.limit()).isEqualTo(5);
      }).extracting(ApiRateLimiter.Decision::remaining).isEqualTo((long) i);
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

    assertThat(limiter.request(2, false)).satisfies(d -> {
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
    assertThat(limiter.request(1, false)).satisfies(d -> {
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(1);
    });
    // Once the requests run lower than the triggers, a trigger reports the requests' bucket.
    time.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 4; i++) {
      limiter.request(1, false);
    }
    assertThat(limiter.request(1, true)).satisfies(d -> {
      assertThat(d.limit()).isEqualTo(5);
      assertThat(d.remaining()).isZero();
    });
  }

  @Test
  void failedTokenChecksAreLimitedPerAddressAndValidOnesAreHandedBack() {
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.claimTokenCheck("192.0.2.1")).isEmpty();
      limiter.tokenAccepted("192.0.2.1");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.claimTokenCheck("192.0.2.1")).isEmpty();
    }

    assertThat(limiter.claimTokenCheck("192.0.2.1")).hasValue(Duration.ofSeconds(20));
    assertThat(limiter.claimTokenCheck("192.0.2.2")).isEmpty();
    time.advance(Duration.ofSeconds(20));
    assertThat(limiter.claimTokenCheck("192.0.2.1")).isEmpty();
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
