package dev.kiln.portal.instance;

import dev.kiln.portal.base.OneShotJobs;
import java.time.Duration;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Asks for health checks of builder instances as Quartz jobs, so that a runner node does them
 * wherever the admin clicked: the periodic one for every instance, and one for a single instance on
 * demand.
 */
@Component
class InstanceCheckRequests {

  static final String GROUP = "instance-checks";

  private static final Logger log = LoggerFactory.getLogger(InstanceCheckRequests.class);

  private final Scheduler scheduler;
  private final Duration interval;

  InstanceCheckRequests(
      Scheduler scheduler, @Value("${kiln.instances.check-interval:5m}") Duration interval) {
    this.scheduler = scheduler;
    this.interval = interval;
  }

  /** Registers the periodic check once for the whole cluster; the first one runs at once. */
  @EventListener(ApplicationReadyEvent.class)
  void schedulePeriodicChecks() {
    var job =
        JobBuilder.newJob(InstanceCheckJob.class)
            .withIdentity(JobKey.jobKey("all", GROUP))
            .storeDurably()
            .build();
    var trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(TriggerKey.triggerKey("all", GROUP))
            .forJob(job)
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(interval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    try {
      if (!scheduler.checkExists(trigger.getKey())) {
        scheduler.scheduleJob(job, Set.of(trigger), true);
      }
    } catch (ObjectAlreadyExistsException e) {
      // Another node registered it at the same moment.
    } catch (SchedulerException e) {
      log.warn("Could not schedule the periodic builder instance checks: {}", e.getMessage());
    }
  }

  /** Asks for one instance's check now; a runner node runs it. */
  void requestCheck(long instanceId) {
    OneShotJobs.runOnce(
        scheduler,
        InstanceCheckJob.class,
        GROUP,
        "one-" + instanceId,
        InstanceCheckJob.INSTANCE_ID,
        instanceId,
        "a check");
  }
}
