package dev.kiln.portal.schedule;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.build.SystemBuilds;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.ProjectLookups;
import dev.kiln.portal.project.SystemTriggers;
import dev.kiln.portal.schedule.domain.Schedule;
import dev.kiln.portal.schedule.domain.ScheduleRepository;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens when a schedule fires: the fire time is recorded once (its primary key is the
 * schedule and the time), the overlap policy is applied, and a build is queued, all in one
 * transaction. Through a database outage it tries again until the fire can be recorded; a fire that
 * fails for another reason is recorded as not run, with the reason, at once.
 */
@Component
class ScheduleFires {

  private static final Logger log = LoggerFactory.getLogger(ScheduleFires.class);
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

  private final ScheduleRepository schedules;
  private final ScheduleTriggers triggers;
  private final SystemTriggers projects;
  private final SystemBuilds builds;
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final String node;
  private final Clock clock;
  private final ProjectLookups projectLookups;

  ScheduleFires(
      ScheduleRepository schedules,
      ScheduleTriggers triggers,
      SystemTriggers projects,
      SystemBuilds builds,
      JdbcClient jdbc,
      TransactionTemplate transaction,
      NodeProperties node,
      Clock clock,
      ProjectLookups projectLookups) {
    this.projectLookups = projectLookups;
    this.schedules = schedules;
    this.triggers = triggers;
    this.projects = projects;
    this.builds = builds;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.node = node.name();
    this.clock = clock;
  }

  void fire(long scheduleId, Instant fireTime) {
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        transaction.executeWithoutResult(status -> fireOnce(scheduleId, fireTime));
        return;
      } catch (RuntimeException e) {
        if (!databaseTrouble(e) && recordFailure(scheduleId, fireTime, e)) {
          return; // trying again would fail the same way, and hold a schedule thread for minutes
        }
        if (System.nanoTime() > deadline) {
          log.error(
              "Schedule {} could not fire for {}: {}", scheduleId, fireTime, e.getMessage(), e);
          return;
        }
        log.warn(
            "Schedule {} could not fire for {} ({}); trying again",
            scheduleId,
            fireTime,
            e.getMessage());
        try {
          Thread.sleep(Math.min(5000, 500L * attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Whether {@code e} came from the database (away, restarting, a lost lock), which passes. */
  private static boolean databaseTrouble(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataAccessException
          || t instanceof TransactionException
          || t instanceof SQLException
          || t instanceof PersistenceException) {
        return true;
      }
    }
    return false;
  }

  /** Records a fire that failed for a reason of its own; false when even that cannot be written. */
  private boolean recordFailure(long scheduleId, Instant fireTime, RuntimeException e) {
    log.error("Schedule {} could not fire for {}: {}", scheduleId, fireTime, e.getMessage(), e);
    String outcome = "Not run: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    try {
      transaction.executeWithoutResult(status -> record(scheduleId, fireTime, outcome));
      return true;
    } catch (RuntimeException recording) {
      return false;
    }
  }

  /** Records a fire time with its outcome, once: false when some node already recorded it. */
  private boolean record(long scheduleId, Instant fireTime, String outcome) {
    return jdbc.sql(
                """
        insert into schedule_fires (schedule_id, fire_time, fired_at, node, outcome)
        values (?, ?, ?, ?, ?) on conflict do nothing""")
            .param(scheduleId)
            .param(Timestamp.from(fireTime))
            .param(Timestamp.from(clock.instant()))
            .param(node)
            .param(clip(outcome))
            .update()
        == 1;
  }

  private static String clip(String outcome) {
    return outcome.length() > 500 ? outcome.substring(0, 499) + "…" : outcome;
  }

  private void fireOnce(long scheduleId, Instant fireTime) {
    Schedule schedule = schedules.findById(scheduleId).orElse(null);
    if (schedule == null) {
      triggers.remove(scheduleId); // its project was deleted, and the schedule with it
      return;
    }
    if (!schedule.isEnabled()) {
      return; // paused after Quartz took the trigger
    }
    // The project's row is locked first, as deleting or triggering the project does: fires of one
    // project then take turns, so each sees the build the one before queued (the overlap policy),
    // and a project deleted meanwhile cannot deadlock with the fire's row in schedule_fires.
    if (!projectLookups.lock(schedule.getProjectId())) {
      triggers.remove(scheduleId);
      return;
    }
    if (!record(scheduleId, fireTime, "Firing.")) {
      log.info("Schedule {} already fired for {}; not again", scheduleId, fireTime);
      return;
    }
    Long buildId = null;
    String outcome;
    List<BuildInfo> active = builds.activeOf(schedule.getProjectId());
    String by = "schedule: " + schedule.getName();
    if (!active.isEmpty() && schedule.getOverlap() == OverlapPolicy.SKIP) {
      outcome =
          "Skipped: build #"
              + active.getFirst().number()
              + " is still "
              + active.getFirst().state().name().toLowerCase(Locale.ROOT)
              + ".";
    } else {
      if (!active.isEmpty() && schedule.getOverlap() == OverlapPolicy.CANCEL_RUNNING) {
        active.forEach(b -> builds.cancel(b.id(), by));
      }
      try {
        buildId =
            projects.queue(
                schedule.getProjectId(),
                new Trigger(
                    TriggerKind.SCHEDULE,
                    by,
                    Parameters.read(schedule.getParametersJson()),
                    scheduleId));
        outcome =
            "Queued build"
                + (active.isEmpty()
                    ? "."
                    : schedule.getOverlap() == OverlapPolicy.CANCEL_RUNNING
                        ? ", cancelling build #" + active.getFirst().number() + "."
                        : " behind build #" + active.getFirst().number() + ".");
      } catch (IllegalStateException | NoSuchElementException e) {
        outcome = "Not run: " + e.getMessage();
      } catch (InvalidParametersException e) {
        // The project's declarations changed since the schedule was saved; audited by the check.
        outcome =
            "Not run: "
                + String.join(" ", e.problems().values())
                + " Edit the schedule's parameters.";
      }
    }
    jdbc.sql(
            "update schedule_fires set build_id = ?, outcome = ? where schedule_id = ? and fire_time = ?")
        .param(buildId)
        .param(clip(outcome))
        .param(scheduleId)
        .param(Timestamp.from(fireTime))
        .update();
  }
}
