package dev.kiln.portal.build;

import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Component;

/**
 * Hands builds to Quartz. Each build is one job carrying only its id, fired once; any node with a
 * free runner thread takes it. Scheduling joins the caller's transaction (Quartz uses the same
 * database), so a build row never exists without its trigger, nor the reverse.
 */
@Component
class BuildDispatcher {

  static final String GROUP = "builds";
  static final String BUILD_ID = "buildId";

  private final Scheduler scheduler;

  BuildDispatcher(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  void dispatch(long buildId) {
    var job = JobBuilder.newJob(BuildJob.class)
        .withIdentity(key(buildId))
        .usingJobData(BUILD_ID, buildId)
        .build();
    var trigger = TriggerBuilder.newTrigger()
        .withIdentity("build-" + buildId, GROUP)
        .startNow()
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
    try {
      scheduler.scheduleJob(job, trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not queue build " + buildId + ": " + e.getMessage(), e);
    }
    // Quartz wakes its scheduler thread when the trigger is stored, but that is before our
    // transaction commits: it finds nothing and sleeps its idle wait. Wake it again once committed.
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          wake(trigger.getKey());
        }
      });
    } else {
      wake(trigger.getKey());
    }
  }

  /** resumeTrigger changes nothing for a waiting trigger, but tells this node's scheduler to look now. */
  private void wake(TriggerKey key) {
    try {
      scheduler.resumeTrigger(key);
    } catch (SchedulerException e) {
      // The build still starts at Quartz's next poll.
    }
  }

  /** Removes a build's job that has not started yet. */
  void withdraw(long buildId) {
    try {
      scheduler.deleteJob(key(buildId));
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not withdraw build " + buildId + ": " + e.getMessage(), e);
    }
  }

  private static JobKey key(long buildId) {
    return JobKey.jobKey("build-" + buildId, GROUP);
  }
}
