package dev.kiln.portal.build;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a write through a database outage (a PostgreSQL restart or fail-over takes seconds to
 * minutes), waiting 1, 2, 3, 4, then 5 seconds between attempts, until it succeeds or {@code limit}
 * has passed. The clock and the sleep are given, so a test can run an outage of minutes in no time.
 */
final class DatabaseRetry {

  private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

  /** Waits between attempts; {@link Thread#sleep(Duration)} outside tests. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;
  }

  private final Duration limit;
  private final Clock clock;
  private final Sleeper sleeper;

  DatabaseRetry(Duration limit, Clock clock, Sleeper sleeper) {
    this.limit = limit;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Runs {@code write} until it returns without throwing.
   *
   * @param what the write, in words, for the log
   * @return false when it still failed after the limit, or the thread was interrupted
   */
  boolean run(String what, Runnable write) {
    Instant deadline = clock.instant().plus(limit);
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        if (attempt > 1) {
          log.info("{}: done after {} attempts", what, attempt);
        }
        return true;
      } catch (RuntimeException e) {
        if (clock.instant().isAfter(deadline)) {
          log.error("{}: failed for {}; giving up", what, limit, e);
          return false;
        }
        log.warn("{}: failed ({}); retrying", what, e.getMessage());
        try {
          sleeper.sleep(Duration.ofSeconds(Math.min(attempt, 5)));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }
}
