package dev.kiln.builder.gha;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the API client may wait: during a build, for a rate limit to reset or a flaky answer to
 * pass, as long as the build is not cancelled and its timeout leaves room; during a health check or
 * a reap, never.
 */
final class Pacing {

  private final Pause pause;
  private final LogSink log;
  private final Clock clock;
  private final Instant deadline;
  private RateLimit spent;

  private Pacing(Pause pause, LogSink log, Clock clock, Instant deadline) {
    this.pause = pause;
    this.log = log;
    this.clock = clock;
    this.deadline = deadline;
  }

  /** Waits that tell the build's log why, end on cancellation, and never pass {@code deadline}. */
  static Pacing forBuild(Pause pause, LogSink log, Clock clock, Instant deadline) {
    return new Pacing(pause, log, clock, deadline);
  }

  /** No waiting: a rate limit or a failed request is reported at once. */
  static Pacing never(Clock clock) {
    return new Pacing(Pause.uncancellable(), null, clock, Instant.MIN);
  }

  Clock clock() {
    return clock;
  }

  /** Tells whether a failed read may be retried after a short wait. */
  boolean mayRetry() {
    return log != null && !pause.isCancelled();
  }

  /** Remembers a response's limits: when none are left, the next request waits for the reset. */
  void observe(RateLimit limit) {
    spent = limit.exhausted() && limit.reset().isPresent() ? limit : null;
  }

  /** Waits for the reset when the last response used up the limit. */
  void beforeRequest() throws BuildException, InterruptedException {
    RateLimit limit = spent;
    if (limit != null && clock.instant().isBefore(limit.reset().orElseThrow())) {
      awaitRateLimit(
          Duration.between(clock.instant(), limit.reset().orElseThrow()).plusSeconds(1), 0, limit);
    }
    spent = null;
  }

  /**
   * Waits out a rate limit, with a notice saying how long, or fails with the rate-limit message
   * when waiting is not allowed, would pass the build's timeout, or is cancelled.
   */
  void awaitRateLimit(Duration wait, int status, RateLimit limit)
      throws BuildException, InterruptedException {
    if (log == null || clock.instant().plus(wait).isAfter(deadline)) {
      throw limit.exhausted()
          ? ApiFailure.rateLimited(status, limit)
          : new ApiFailure(
              status,
              "GitHub's secondary rate limit asks Kiln to wait "
                  + wait.toSeconds()
                  + " s, longer than this build may last.");
    }
    log.notice(
        limit.exhausted()
            ? "GitHub's API rate limit is exhausted; waiting "
                + wait.toSeconds()
                + " s until it resets at "
                + limit.resetTime()
                + "."
            : "GitHub asks Kiln to slow down (secondary rate limit); waiting "
                + wait.toSeconds()
                + " s.");
    if (!pause.sleep(wait)) {
      throw new BuildException("The build was cancelled while waiting for GitHub's rate limit.");
    }
  }

  /** Waits before retrying a failed read; false when cancelled. */
  boolean awaitRetry(Duration wait) throws InterruptedException {
    return pause.sleep(wait);
  }
}
