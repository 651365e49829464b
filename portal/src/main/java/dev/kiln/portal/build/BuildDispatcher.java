package dev.kiln.portal.build;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands builds to Quartz. Each build is one job carrying only its id, fired once; any node with a
 * free runner thread takes it. Scheduling joins the caller's transaction (Quartz uses the same
 * database), so a build row never exists without its trigger, nor the reverse.
 *
 * <p>Quartz takes waiting triggers by fire time, then priority. A build's trigger is due at its
 * queue time moved back {@link #PRIORITY_STEP} per priority step (from -10), and never counts as
 * misfired, so a free runner takes the highest priority first, even over builds queued long before,
 * and within one priority the oldest: the order the Nodes screen and the build page show. The job
 * asks for recovery: when its node dies, Quartz fires it again on another node, which finds the
 * build lost.
 */
@Component
class BuildDispatcher {

  static final String GROUP = "builds";
  static final String BUILD_ID = "buildId";

  /**
   * How far back one priority step moves a build's due time. A step smaller than the time builds
   * can wait would let an old low-priority build go before a newer high-priority one (with one day,
   * a build queued at priority 0 on Monday went before one queued at priority 1 on Wednesday); a
   * year is longer than any build waits.
   */
  static final Duration PRIORITY_STEP = Duration.ofDays(365);

  private final Scheduler scheduler;

  BuildDispatcher(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  void dispatch(long buildId, int priority, Instant queuedAt) {
    schedule(buildId, priority, queuedAt, key(buildId), "build-" + buildId);
  }

  /**
   * Dispatches a build again after it waited for its instance's limit. The first job may still be
   * finishing on another thread, so this one has a name of its own; if the build is cancelled
   * meanwhile, it finds the build no longer queued and does nothing.
   */
  void redispatch(long buildId, int priority, Instant queuedAt) {
    String name = "build-" + buildId + "-" + UUID.randomUUID();
    schedule(buildId, priority, queuedAt, JobKey.jobKey(name, GROUP), name);
  }

  private void schedule(
      long buildId, int priority, Instant queuedAt, JobKey jobKey, String triggerName) {
    var job =
        JobBuilder.newJob(BuildJob.class)
            .withIdentity(jobKey)
            .usingJobData(BUILD_ID, buildId)
            .requestRecovery()
            .build();
    var trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerName, GROUP)
            .startAt(Date.from(dueAt(priority, queuedAt)))
            .withPriority(5 + priority)
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withMisfireHandlingInstructionIgnoreMisfires())
            .build();
    try {
      scheduler.scheduleJob(job, trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException(
          "Could not queue build " + buildId + ": " + e.getMessage(), e);
    }
    // Quartz wakes its scheduler thread when the trigger is stored, but that is before our
    // transaction commits: it finds nothing and sleeps its idle wait. Wake it again once committed.
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              wake(trigger.getKey());
            }
          });
    } else {
      wake(trigger.getKey());
    }
  }

  /**
   * resumeTrigger changes nothing for a waiting trigger, but tells this node's scheduler to look
   * now.
   */
  private void wake(TriggerKey key) {
    try {
      scheduler.resumeTrigger(key);
    } catch (SchedulerException e) {
      // The build still starts at Quartz's next poll.
    }
  }

  /**
   * When Quartz sees a build as due: never later than its queue time, and one {@link
   * #PRIORITY_STEP} earlier per priority step (priorities run from -10 to 10), so a higher priority
   * is taken first.
   */
  static Instant dueAt(int priority, Instant queuedAt) {
    return queuedAt.minus(PRIORITY_STEP.multipliedBy(10L + priority));
  }

  /** Removes a build's job that has not started yet. */
  void withdraw(long buildId) {
    try {
      scheduler.deleteJob(key(buildId));
    } catch (SchedulerException e) {
      throw new IllegalStateException(
          "Could not withdraw build " + buildId + ": " + e.getMessage(), e);
    }
  }

  private static JobKey key(long buildId) {
    return JobKey.jobKey("build-" + buildId, GROUP);
  }
}
