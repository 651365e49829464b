package dev.kiln.portal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Bounds how fast the API is used: each API token has a bucket of requests and a smaller one of
 * build triggers, and each client address one of token checks that fail, so that tokens cannot be
 * guessed at speed. Buckets refill evenly over {@link #PERIOD} and live in this node's memory: with
 * several nodes behind a load balancer, a client gets up to that many times the limits. Memory is
 * bounded: a bucket idle for a whole period is full again, so forgetting it changes nothing.
 */
@Component
class ApiRateLimiter {

  static final Duration PERIOD = Duration.ofMinutes(1);

  /**
   * What a request may do, from the bucket that limits it most.
   *
   * @param allowed whether it goes on
   * @param limit the bucket's size
   * @param remaining what is left of it after this request
   * @param retryAfter how long to wait before trying again; zero when allowed
   * @param untilFull how long until the bucket is full again
   */
  record Decision(
      boolean allowed, long limit, long remaining, Duration retryAfter, Duration untilFull) {}

  private final ApiRateLimitProperties limits;
  private final TimeMeter time;
  private final InvalidTokenLimit invalidTokens;
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(PERIOD).build();

  @Autowired
  ApiRateLimiter(ApiRateLimitProperties limits) {
    this(limits, TimeMeter.SYSTEM_MILLISECONDS);
  }

  ApiRateLimiter(ApiRateLimitProperties limits, TimeMeter time) {
    this.limits = limits;
    this.time = time;
    this.invalidTokens = new InvalidTokenLimit(limits.invalidTokensPerMinute(), PERIOD, time);
  }

  /**
   * Counts a request made with a valid token; a build trigger also counts against the token's
   * trigger limit.
   */
  Decision request(long tokenId, boolean trigger) {
    Decision requests = take("token:" + tokenId, limits.requestsPerMinute());
    if (!requests.allowed() || !trigger) {
      return requests;
    }
    Decision triggers = take("trigger:" + tokenId, limits.triggersPerMinute());
    return triggers.allowed() && requests.remaining() < triggers.remaining() ? requests : triggers;
  }

  /**
   * Claims a token check for a client address before the token is looked up; only checks whose
   * token turns out invalid count against the address's limit (see {@link InvalidTokenLimit}).
   */
  InvalidTokenLimit.Claim claimTokenCheck(String address, String token) {
    return invalidTokens.claim(address, token);
  }

  private Decision take(String key, int capacity) {
    Bucket bucket =
        buckets.get(
            key,
            k ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(capacity)
                            .refillGreedy(capacity, PERIOD)
                            .build())
                    .withCustomTimePrecision(time)
                    .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return new Decision(
        probe.isConsumed(),
        capacity,
        probe.getRemainingTokens(),
        probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()),
        Duration.ofNanos(probe.getNanosToWaitForReset()));
  }
}
