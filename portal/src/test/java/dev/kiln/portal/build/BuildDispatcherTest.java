package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The due times that make Quartz take builds by priority, then age. */
class BuildDispatcherTest {

  private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void higherPriorityGoesFirstEvenWhenQueuedMonthsLater() {
    Instant lowEarly = BuildDispatcher.dueAt(0, MONDAY);
    Instant highLate = BuildDispatcher.dueAt(1, MONDAY.plus(Duration.ofDays(200)));
    assertThat(highLate).isBefore(lowEarly);
    assertThat(BuildDispatcher.dueAt(10, MONDAY.plus(Duration.ofDays(300))))
        .isBefore(BuildDispatcher.dueAt(-10, MONDAY.minus(Duration.ofDays(30))));
  }

  @Test
  void withinOnePriorityTheOlderGoesFirst() {
    assertThat(BuildDispatcher.dueAt(3, MONDAY))
        .isBefore(BuildDispatcher.dueAt(3, MONDAY.plusMillis(1)));
    assertThat(BuildDispatcher.dueAt(-10, MONDAY))
        .isBefore(BuildDispatcher.dueAt(-10, MONDAY.plusSeconds(1)));
  }

  @Test
  void everyBuildIsDueAtOnceAndStillAfterTheEpoch() {
    // Quartz stores fire times as milliseconds since 1970; the highest priority stays well after
    // it.
    for (int priority = -10; priority <= 10; priority++) {
      Instant due = BuildDispatcher.dueAt(priority, MONDAY);
      assertThat(due).isBeforeOrEqualTo(MONDAY).isAfter(Instant.EPOCH);
    }
  }
}
