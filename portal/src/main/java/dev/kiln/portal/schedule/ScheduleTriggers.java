package dev.kiln.portal.schedule;

import java.time.Instant;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.scheduling.SchedulingException;
import org.springframework.stereotype.Component;

/**
 * The Quartz side of schedules: one durable job and one cron trigger per enabled schedule, keyed by
 * the schedule's id, in the {@code kiln-schedules} scheduler. Calls join the caller's transaction
 * (Quartz writes to the same database).
 */
@Component
class ScheduleTriggers {

  /**
   * Quartz's own column for the expression it fires, {@code qrtz_cron_triggers.cron_expression}.
   */
  static final int QUARTZ_EXPRESSION_LENGTH = 120;

  static final String GROUP = "schedules";
  static final String SCHEDULE_ID = "scheduleId";

  private final ScheduleQuartz quartz;

  ScheduleTriggers(ScheduleQuartz quartz) {
    this.quartz = quartz;
  }

  void put(long scheduleId, ScheduleExpression expression, MisfirePolicy misfire) {
    var cron =
        CronScheduleBuilder.cronSchedule(expression.quartzExpression())
            .inTimeZone(expression.timeZone());
    cron =
        misfire == MisfirePolicy.RUN_ONCE
            ? cron.withMisfireHandlingInstructionFireAndProceed()
            : cron.withMisfireHandlingInstructionDoNothing();
    var job =
        JobBuilder.newJob(ScheduleJob.class)
            .withIdentity(jobKey(scheduleId))
            .usingJobData(SCHEDULE_ID, scheduleId)
            .storeDurably()
            .requestRecovery()
            .build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerKey(scheduleId))
            .forJob(job)
            .withSchedule(cron)
            .build();
    try {
      var scheduler = quartz.scheduler();
      scheduler.addJob(job, true);
      if (scheduler.checkExists(trigger.getKey())) {
        scheduler.rescheduleJob(trigger.getKey(), trigger);
      } else {
        scheduler.scheduleJob(trigger);
      }
    } catch (SchedulerException e) {
      // Unforeseen (the checks keep what Quartz refuses out): an error with a correlation id, not a
      // refusal.
      throw new SchedulingException(
          "Could not register schedule " + scheduleId + " with Quartz", e);
    }
  }

  void remove(long scheduleId) {
    try {
      quartz.scheduler().deleteJob(jobKey(scheduleId));
    } catch (SchedulerException e) {
      throw new SchedulingException("Could not remove schedule " + scheduleId + " from Quartz", e);
    }
  }

  Instant nextFire(long scheduleId) {
    try {
      Trigger trigger = quartz.scheduler().getTrigger(triggerKey(scheduleId));
      return trigger == null || trigger.getNextFireTime() == null
          ? null
          : trigger.getNextFireTime().toInstant();
    } catch (SchedulerException e) {
      return null;
    }
  }

  private static JobKey jobKey(long scheduleId) {
    return JobKey.jobKey("schedule-" + scheduleId, GROUP);
  }

  private static TriggerKey triggerKey(long scheduleId) {
    return TriggerKey.triggerKey("schedule-" + scheduleId, GROUP);
  }
}
