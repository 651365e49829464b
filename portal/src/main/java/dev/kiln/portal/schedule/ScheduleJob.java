package dev.kiln.portal.schedule;

import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A schedule's Quartz job: it carries the schedule's id. Quartz fires it once per fire time on one
 * node; if that node dies before the fire is recorded, Quartz fires it again elsewhere with the
 * same scheduled time ("recovering"), and {@link ScheduleFires} makes the second one do nothing.
 */
public class ScheduleJob implements Job {

  private ScheduleFires fires;

  @Autowired
  void setFires(ScheduleFires fires) {
    this.fires = fires;
  }

  @Override
  public void execute(JobExecutionContext context) {
    long scheduleId = context.getMergedJobDataMap().getLong(ScheduleTriggers.SCHEDULE_ID);
    Instant fireTime = context.getScheduledFireTime().toInstant();
    if (context.isRecovering()) {
      var data = context.getTrigger().getJobDataMap();
      if (data.containsKey(
          Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)) {
        fireTime =
            Instant.ofEpochMilli(
                data.getLong(
                    Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS));
      }
    }
    fires.fire(scheduleId, fireTime);
  }
}
