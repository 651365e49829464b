package dev.kiln.portal.build;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

/** The Quartz job for one build: it carries the build's id and nothing else. */
public class BuildJob implements Job {

  private BuildExecutor executor;

  @Autowired
  void setExecutor(BuildExecutor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(JobExecutionContext context) {
    executor.execute(context.getMergedJobDataMap().getLong(BuildDispatcher.BUILD_ID));
  }
}
