package dev.kiln.portal.project;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Quartz job that answers one "Check access" on a runner node: Quartz runs jobs only on
 * runners, the nodes that hold the key to open credentials.
 */
public class RepositoryCheckJob implements Job {

  static final String CHECK_ID = "checkId";

  private RepositoryCheckRuns runs;

  @Autowired
  void setRuns(RepositoryCheckRuns runs) {
    this.runs = runs;
  }

  @Override
  public void execute(JobExecutionContext context) {
    runs.run(context.getMergedJobDataMap().getLong(CHECK_ID));
  }
}
