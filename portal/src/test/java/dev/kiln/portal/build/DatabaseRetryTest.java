package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** A build's end outlives a database outage of minutes, and the retry stops when it should. */
class DatabaseRetryTest {

  /** A clock that the sleeper moves on, so an outage of minutes takes no time. */
  private final class FakeTime extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final List<Duration> pauses = new ArrayList<>();

    void sleep(Duration pause) {
      pauses.add(pause);
      now = now.plus(pause);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final FakeTime time = new FakeTime();
  private final DatabaseRetry retry = new DatabaseRetry(Duration.ofMinutes(5), time, time::sleep);

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** A write that fails while the database is down, from the start until {@code upAgain}. */
  private Runnable writeFailingUntil(Instant upAgain, List<Instant> attempts) {
    return () -> {
      attempts.add(time.instant());
      if (time.instant().isBefore(upAgain)) {
        throw new DataAccessResourceFailureException("Connection refused");
      }
    };
  }

  @Test
  void aWriteThatSucceedsAtOnceRunsOnceWithoutWaiting() {
    List<Instant> attempts = new ArrayList<>();
    assertThat(retry.run("test", writeFailingUntil(time.instant(), attempts))).isTrue();
    assertThat(attempts).hasSize(1);
    assertThat(time.pauses).isEmpty();
  }

  @Test
  void retriesThroughAnOutageOfMinutesWaitingLongerUpToFiveSeconds() {
    Instant start = time.instant();
    List<Instant> attempts = new ArrayList<>();
    assertThat(retry.run("test", writeFailingUntil(start.plus(Duration.ofMinutes(4)), attempts)))
        .isTrue();
    assertThat(time.pauses.subList(0, 6))
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 5L);
    assertThat(time.pauses).allMatch(p -> p.toSeconds() <= 5);
    assertThat(attempts.getLast()).isAfterOrEqualTo(start.plus(Duration.ofMinutes(4)));
    assertThat(Duration.between(attempts.getLast(), start.plus(Duration.ofMinutes(4))).abs())
        .isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void givesUpOnceTheLimitHasPassed() {
    Instant start = time.instant();
    List<Instant> attempts = new ArrayList<>();
    assertThat(retry.run("test", writeFailingUntil(Instant.MAX, attempts))).isFalse();
    assertThat(attempts.getLast()).isAfter(start.plus(Duration.ofMinutes(5)));
    assertThat(attempts.get(attempts.size() - 2))
        .isBeforeOrEqualTo(start.plus(Duration.ofMinutes(5)));
  }

  @Test
  void stopsWhenInterruptedAndKeepsTheInterrupt() {
    var interrupting =
        new DatabaseRetry(
            Duration.ofMinutes(5),
            time,
            pause -> {
              throw new InterruptedException("node shutting down");
            });
    List<Instant> attempts = new ArrayList<>();
    assertThat(interrupting.run("test", writeFailingUntil(Instant.MAX, attempts))).isFalse();
    assertThat(attempts).hasSize(1);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }
}
