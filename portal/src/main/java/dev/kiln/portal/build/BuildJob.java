package dev.kiln.portal.build;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Quartz job for one build: it carries the build's id and nothing else. Fired again by Quartz
 * on another node when the node running it dies ("recovering"), it finds the build lost.
 */
public class BuildJob implements Job {

  private BuildExecutor executor;
  private BuildRecovery recovery;

  @Autowired
  void setExecutor(BuildExecutor executor, BuildRecovery recovery) {
    this.executor = executor;
    this.recovery = recovery;
  }

  @Override
  public void execute(JobExecutionContext context) {
    long buildId = context.getMergedJobDataMap().getLong(BuildDispatcher.BUILD_ID);
    if (context.isRecovering()) {
      recovery.recover(buildId);
    } else {
      executor.execute(buildId);
    }
  }
}
