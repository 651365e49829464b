package dev.kiln.portal.e2e.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.kiln.portal.e2e.benchmarks.DispatchLoad.Result;
import dev.kiln.portal.e2e.benchmarks.DispatchLoad.Step;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * The baseline: bare Quartz, configured as Kiln's schedule scheduler is ({@code ScheduleQuartz}:
 * clustered JDBC job store, PostgreSQL delegate, three threads, batches of three, one second idle
 * wait, same misfire threshold, a Hikari pool), in a database of its own on the same PostgreSQL,
 * firing jobs that only note when they started.
 */
final class QuartzBaseline implements AutoCloseable {

  /** Start times of the running step's jobs, by trigger index. */
  private static final Map<Integer, Long> STARTS = new ConcurrentHashMap<>();

  private static final AtomicInteger STEP = new AtomicInteger();

  private final HikariDataSource dataSource;
  private final SchedulerFactoryBean factory = new SchedulerFactoryBean();
  private int steps;

  QuartzBaseline(String jdbcUrl) throws Exception {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(jdbcUrl);
    dataSource.setUsername("postgres");
    createTables(dataSource);
    var quartz = new Properties();
    quartz.setProperty("org.quartz.scheduler.instanceName", "baseline");
    quartz.setProperty("org.quartz.scheduler.instanceId", "baseline-1");
    quartz.setProperty("org.quartz.jobStore.isClustered", "true");
    quartz.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "2000");
    quartz.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    quartz.setProperty("org.quartz.threadPool.threadCount", "3");
    quartz.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    quartz.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "3");
    factory.setSchedulerName("baseline");
    factory.setDataSource(dataSource);
    factory.setQuartzProperties(quartz);
    factory.setAutoStartup(false);
    factory.setWaitForJobsToCompleteOnShutdown(false);
    factory.afterPropertiesSet();
  }

  private static void createTables(DataSource dataSource) throws IOException, SQLException {
    String script;
    try (InputStream in =
        Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = dataSource.getConnection();
        var statement = c.createStatement()) {
      for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
        String s = sql.strip();
        if (!s.isEmpty()
            && !s.regionMatches(true, 0, "drop", 0, 4)
            && !s.equalsIgnoreCase("commit")) {
          statement.execute(s);
        }
      }
    }
  }

  /** Stores the idle triggers, each with a durable job, as Kiln stores a schedule. */
  void registerIdle(int count, LocalDate today) throws Exception {
    List<QuartzRows.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pairs.add(
          new QuartzRows.Pair(
              "idle-" + i, DispatchLoad.idle(i, today), Map.of("step", -1, "index", i)));
    }
    store(pairs);
  }

  void start() {
    factory.start();
  }

  /** Registers the step's triggers, waits until all ran or {@code wait} after the last was due. */
  Result run(Step step, Duration wait) throws Exception {
    int id = ++steps;
    STARTS.clear();
    STEP.set(id);
    List<QuartzRows.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < step.fires(); i++) {
      pairs.add(
          new QuartzRows.Pair(
              "step-" + id + "-" + i,
              DispatchLoad.once(step.due(i)),
              Map.of("step", id, "index", i)));
    }
    store(pairs);
    DispatchLoad.warnIfLate(step);
    long deadline = step.last().plus(wait).toEpochMilli();
    while (STARTS.size() < step.fires() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    long[] due = new long[step.fires()];
    long[] started = new long[step.fires()];
    for (int i = 0; i < due.length; i++) {
      due[i] = step.due(i).toEpochMilli();
      started[i] = STARTS.getOrDefault(i, -1L);
    }
    return new Result(step, due, started);
  }

  private void store(List<QuartzRows.Pair> pairs) throws Exception {
    QuartzRows.store(
        factory.getObject(),
        dataSource,
        "baseline",
        JobBuilder.newJob(NoOpJob.class)
            .usingJobData("step", -1)
            .usingJobData("index", -1)
            .storeDurably()
            .requestRecovery(),
        CronScheduleBuilder.cronSchedule(DispatchLoad.NEVER)
            .inTimeZone(TimeZone.getTimeZone("UTC"))
            .withMisfireHandlingInstructionFireAndProceed(),
        pairs);
  }

  @Override
  public void close() {
    factory.stop();
    try {
      factory.destroy();
    } catch (Exception e) {
      // closing anyway
    }
    dataSource.close();
  }

  /** Notes when it started, nothing else. */
  public static class NoOpJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      long now = new Date().getTime();
      var data = context.getMergedJobDataMap();
      if (data.getInt("step") == STEP.get()) {
        STARTS.put(data.getInt("index"), now);
      }
    }
  }
}
