package dev.kiln.portal.schedule;

import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.scheduling.quartz.SpringBeanJobFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Quartz scheduler that fires cron schedules: the same clustered tables as the one that runs
 * builds, under a scheduler name of its own ({@code kiln-schedules}), with its own small thread
 * pool. Schedules so never wait for a runner thread (a node busy with long builds still fires on
 * time), and the two take their cluster locks independently. It runs on nodes with the {@code
 * scheduler} role; every node can store and change schedules in it.
 *
 * <p>Each node takes a trigger at most a second before it is due, so a node killed while holding
 * one delays it only until Quartz notices (about ten seconds); a fire time delayed by less than
 * {@code kiln.schedules.misfire-threshold} then runs late, once. Later than that it counts as
 * missed and the schedule's misfire policy decides.
 */
@Component
public class ScheduleQuartz implements SmartLifecycle, DisposableBean {

  static final String NAME = "kiln-schedules";
  private static final Logger log = LoggerFactory.getLogger(ScheduleQuartz.class);

  private final SchedulerFactoryBean factory = new SchedulerFactoryBean();
  private final boolean fires;

  ScheduleQuartz(
      DataSource dataSource,
      PlatformTransactionManager transactions,
      ApplicationContext context,
      NodeProperties node,
      ScheduleProperties properties)
      throws Exception {
    var jobs = new SpringBeanJobFactory();
    jobs.setApplicationContext(context);
    var quartz = new Properties();
    quartz.setProperty("org.quartz.scheduler.instanceName", NAME);
    quartz.setProperty("org.quartz.scheduler.instanceId", node.name());
    quartz.setProperty("org.quartz.jobStore.isClustered", "true");
    quartz.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "2000");
    quartz.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        String.valueOf(properties.misfireThreshold().toMillis()));
    quartz.setProperty("org.quartz.threadPool.threadCount", String.valueOf(properties.threads()));
    quartz.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    quartz.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
        String.valueOf(properties.threads()));
    factory.setSchedulerName(NAME);
    factory.setDataSource(dataSource);
    factory.setTransactionManager(transactions);
    factory.setQuartzProperties(quartz);
    factory.setJobFactory(jobs);
    factory.setApplicationContext(context);
    factory.setAutoStartup(false);
    factory.setWaitForJobsToCompleteOnShutdown(false);
    factory.afterPropertiesSet();
    this.fires = node.has(NodeRole.SCHEDULER);
    if (!fires) {
      log.info("Node {} has no scheduler role: it stores schedules but fires none.", node.name());
    }
  }

  /** The scheduler, started or not: storing triggers works on every node. */
  public Scheduler scheduler() {
    return factory.getObject();
  }

  @Override
  public void start() {
    if (fires) {
      factory.start();
    }
  }

  @Override
  public void stop() {
    factory.stop();
  }

  @Override
  public boolean isRunning() {
    return factory.isRunning();
  }

  /**
   * Shuts the scheduler down: its threads, made when it was created, are not daemons, and would
   * keep the JVM alive after a failed start (stop() only puts it in standby).
   */
  @Override
  public void destroy() throws Exception {
    factory.destroy();
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1; // after the database and Liquibase, like Boot's own scheduler
  }
}
