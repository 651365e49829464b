package dev.kiln.builder.gha;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What GitHub's {@code x-ratelimit-*} and {@code retry-after} headers say about one response.
 *
 * @param limit requests allowed per window, when reported
 * @param remaining requests left in the window, when reported
 * @param reset when the window resets, when reported
 * @param retryAfter how long GitHub asks to wait before retrying, when it asks
 */
record RateLimit(
    OptionalLong limit,
    OptionalLong remaining,
    Optional<Instant> reset,
    Optional<Duration> retryAfter) {

  /**
   * How long to wait on a secondary rate limit that names no time; GitHub says at least a minute.
   */
  static final Duration SECONDARY_WAIT = Duration.ofSeconds(60);

  private static final DateTimeFormatter CLOCK_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Reads the headers of a response. */
  static RateLimit of(HttpHeaders headers) {
    OptionalLong reset = number(headers, "x-ratelimit-reset");
    OptionalLong retryAfter = number(headers, "retry-after");
    return new RateLimit(
        number(headers, "x-ratelimit-limit"),
        number(headers, "x-ratelimit-remaining"),
        reset.isPresent()
            ? Optional.of(Instant.ofEpochSecond(reset.getAsLong()))
            : Optional.empty(),
        retryAfter.isPresent()
            ? Optional.of(Duration.ofSeconds(retryAfter.getAsLong()))
            : Optional.empty());
  }

  /** Tells whether the primary limit is used up. */
  boolean exhausted() {
    return remaining.isPresent() && remaining.getAsLong() == 0;
  }

  /**
   * How long to wait before retrying a refused request, when the refusal is a rate limit: the
   * {@code retry-after} GitHub gives, else until the reset of an exhausted limit, else a minute for
   * a secondary limit that names no time.
   */
  Optional<Duration> waitBeforeRetry(int status, String message, Instant now) {
    if (status != 403 && status != 429) {
      return Optional.empty();
    }
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    if (exhausted() && reset.isPresent()) {
      // One second more: the reset is rounded down to whole seconds.
      Duration untilReset = Duration.between(now, reset.get()).plusSeconds(1);
      return Optional.of(untilReset.isNegative() ? Duration.ofSeconds(1) : untilReset);
    }
    boolean secondary =
        message != null && message.toLowerCase(Locale.ROOT).contains("secondary rate limit");
    return secondary || status == 429 ? Optional.of(SECONDARY_WAIT) : Optional.empty();
  }

  /**
   * "4,980 of 5,000 requests left", or that GitHub reports no limit (rate limiting off on GHES).
   */
  String describe() {
    if (remaining.isEmpty() || limit.isEmpty()) {
      return "GitHub reports no rate limit";
    }
    return String.format(
        Locale.ROOT, "%,d of %,d requests left", remaining.getAsLong(), limit.getAsLong());
  }

  /** "10:42:07 UTC", or "an unknown time". */
  String resetTime() {
    return reset.map(CLOCK_TIME::format).orElse("an unknown time");
  }

  private static OptionalLong number(HttpHeaders headers, String name) {
    try {
      return headers
          .firstValue(name)
          .map(v -> OptionalLong.of(Long.parseLong(v.strip())))
          .orElse(OptionalLong.empty());
    } catch (NumberFormatException e) {
      // retry-after may also be an HTTP date; GitHub sends seconds, anything else counts as absent.
      return OptionalLong.empty();
    }
  }
}
