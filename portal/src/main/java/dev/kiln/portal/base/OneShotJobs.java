package dev.kiln.portal.base;

import java.util.UUID;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * Asks the cluster to run a job once, now, on whichever runner node takes it: how a web node has a
 * runner do what only runners may (open credentials, reach builder hosts). A misfire fires at once.
 */
public final class OneShotJobs {

  private OneShotJobs() {}

  /**
   * Schedules {@code job} once with {@code key} = {@code value} in its data, under a unique name in
   * {@code group} that starts with {@code name}.
   *
   * @throws IllegalStateException saying {@code what} could not be asked for
   */
  public static void runOnce(
      Scheduler scheduler,
      Class<? extends Job> job,
      String group,
      String name,
      String key,
      long value,
      String what) {
    var detail =
        JobBuilder.newJob(job)
            .withIdentity(JobKey.jobKey(name + "-" + UUID.randomUUID(), group))
            .usingJobData(key, value)
            .build();
    var trigger =
        TriggerBuilder.newTrigger()
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      scheduler.scheduleJob(detail, trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not ask for " + what + ": " + e.getMessage(), e);
    }
  }
}
