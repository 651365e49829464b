package dev.kiln.portal.instance;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Quartz job that checks builder instances on a runner node (only runners hold the key that
 * opens the secrets instances use): one instance when asked from the UI, or all of them now and
 * then, removing what dead builds left behind as well.
 */
@DisallowConcurrentExecution
public class InstanceCheckJob implements Job {

  static final String INSTANCE_ID = "instanceId";

  private InstanceChecks checks;

  @Autowired
  void setChecks(InstanceChecks checks) {
    this.checks = checks;
  }

  @Override
  public void execute(JobExecutionContext context) {
    var data = context.getMergedJobDataMap();
    if (data.containsKey(INSTANCE_ID)) {
      checks.check(data.getLong(INSTANCE_ID));
    } else {
      checks.checkAllAndReap();
    }
  }
}
