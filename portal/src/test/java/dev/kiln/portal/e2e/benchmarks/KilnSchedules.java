package dev.kiln.portal.e2e.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.kiln.portal.e2e.benchmarks.DispatchLoad.Result;
import dev.kiln.portal.e2e.benchmarks.DispatchLoad.Step;
import dev.kiln.portal.schedule.ScheduleJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.IntFunction;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.SchedulerException;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * Kiln's side of the load, written to Kiln's database the way {@code ScheduleService} and {@code
 * ScheduleTriggers} write it: a schedule row, and in the {@code kiln-schedules} scheduler one
 * durable job and one cron trigger named after the schedule's id. Registering through the service
 * would need a signed-in user per call; the rows and triggers are the same. Builds run a no-op
 * script ({@code true}) with the local builder, spread over {@link #PROJECTS} projects so that no
 * project's lock serializes the fires.
 */
final class KilnSchedules implements AutoCloseable {

  static final int PROJECTS = 100;

  private final HikariDataSource dataSource;
  private final SchedulerFactoryBean quartz = new SchedulerFactoryBean();
  private final List<Long> projects = new ArrayList<>();

  KilnSchedules(String jdbcUrl) throws Exception {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(jdbcUrl);
    dataSource.setUsername("postgres");
    var properties = new Properties();
    // The same scheduler as Kiln's nodes, never started here: it only stores triggers, as a web
    // node does.
    properties.setProperty("org.quartz.scheduler.instanceName", "kiln-schedules");
    properties.setProperty("org.quartz.scheduler.instanceId", "benchmark");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.threadPool.threadCount", "1");
    quartz.setSchedulerName("kiln-schedules");
    quartz.setDataSource(dataSource);
    quartz.setQuartzProperties(properties);
    quartz.setAutoStartup(false);
    quartz.afterPropertiesSet();
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                """
            insert into projects (name, builder_id, settings_json, script, timeout_seconds, created_at, updated_at)
            values (?, 'local', '{"schema":1,"values":{}}', 'true', 600, now(), now())""",
                Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 0; i < PROJECTS; i++) {
        insert.setString(1, "dispatch-" + i);
        insert.addBatch();
      }
      insert.executeBatch();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        while (keys.next()) {
          projects.add(keys.getLong(1));
        }
      }
    }
  }

  void registerIdle(int count, LocalDate today) throws Exception {
    register("idle", count, i -> DispatchLoad.idle(i, today));
  }

  /**
   * Registers the step's schedules, waits until all their builds are running or {@code wait} after
   * the last was due.
   */
  Result run(Step step, Duration wait) throws Exception {
    long[] ids =
        register(
            "step-" + step.first().getEpochSecond(),
            step.fires(),
            i -> DispatchLoad.once(step.due(i)));
    DispatchLoad.warnIfLate(step);
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
    long[] due = new long[ids.length];
    long[] started = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      due[i] = step.due(i).toEpochMilli();
      started[i] = -1;
    }
    long deadline = step.last().plus(wait).toEpochMilli();
    long first = ids[0];
    long last = ids[ids.length - 1];
    try (Connection c = dataSource.getConnection()) {
      String count =
          "select count(b.started_at) from schedule_fires f join builds b on b.id = f.build_id"
              + " where f.schedule_id between "
              + first
              + " and "
              + last;
      while (System.currentTimeMillis() < deadline && single(c, count) < ids.length) {
        Thread.sleep(250);
      }
      List<Long> queued = new ArrayList<>();
      List<Long> waited = new ArrayList<>();
      List<Long> ran = new ArrayList<>();
      try (ResultSet rows =
          c.createStatement()
              .executeQuery(
                  """
          select f.schedule_id, (extract(epoch from b.started_at) * 1000)::bigint,
            (extract(epoch from b.queued_at - f.fire_time) * 1000)::bigint,
            (extract(epoch from b.started_at - b.queued_at) * 1000)::bigint,
            (extract(epoch from b.finished_at - b.started_at) * 1000)::bigint
          from schedule_fires f join builds b on b.id = f.build_id
          where b.started_at is not null and f.schedule_id between %d and %d"""
                      .formatted(first, last))) {
        while (rows.next()) {
          Integer i = index.get(rows.getLong(1));
          if (i != null) {
            started[i] = rows.getLong(2);
            queued.add(rows.getLong(3));
            waited.add(rows.getLong(4));
            if (rows.getObject(5) != null) {
              ran.add(rows.getLong(5));
            }
          }
        }
      }
      // Where the time went: firing the schedule (fire time to build queued), waiting for a runner,
      // the build itself.
      System.out.printf(
          Locale.ROOT,
          "  Kiln at %d/s: fire->queued p50 %d ms p99 %d ms; queued->running p50 %d ms p99 %d ms; build p50 %d ms%n",
          step.rate(),
          pct(queued, 50),
          pct(queued, 99),
          pct(waited, 50),
          pct(waited, 99),
          pct(ran, 50));
    }
    return new Result(step, due, started);
  }

  private long[] register(String prefix, int count, IntFunction<String> cron) throws Exception {
    Long[] projectIds = new Long[count];
    String[] names = new String[count];
    String[] expressions = new String[count];
    for (int i = 0; i < count; i++) {
      projectIds[i] = projects.get(i % projects.size());
      names[i] = prefix + "-" + i;
      expressions[i] = cron.apply(i);
    }
    long[] ids = new long[count];
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                """
            insert into schedules (project_id, name, expression, time_zone, misfire_policy, overlap_policy,
              created_at, updated_at)
            select p, n, e, 'UTC', 'RUN_ONCE', 'QUEUE', now(), now() from unnest(?::bigint[], ?::text[], ?::text[]) u(p, n, e)
            returning id, name""")) {
      insert.setArray(1, c.createArrayOf("bigint", projectIds));
      insert.setArray(2, c.createArrayOf("text", names));
      insert.setArray(3, c.createArrayOf("text", expressions));
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(2);
          ids[Integer.parseInt(name.substring(name.lastIndexOf('-') + 1))] = rows.getLong(1);
        }
      }
    }
    List<QuartzRows.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pairs.add(
          new QuartzRows.Pair("schedule-" + ids[i], expressions[i], Map.of("scheduleId", ids[i])));
    }
    // As ScheduleTriggers.put builds them: a durable job asking for recovery, a cron trigger in UTC
    // here.
    QuartzRows.store(
        quartz.getObject(),
        dataSource,
        "schedules",
        JobBuilder.newJob(ScheduleJob.class)
            .usingJobData("scheduleId", -1L)
            .storeDurably()
            .requestRecovery(),
        CronScheduleBuilder.cronSchedule(DispatchLoad.NEVER)
            .inTimeZone(TimeZone.getTimeZone("UTC"))
            .withMisfireHandlingInstructionFireAndProceed(),
        pairs);
    return ids;
  }

  private static long pct(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    values.sort(null);
    return values.get(Math.min(values.size() - 1, (int) Math.ceil(p / 100.0 * values.size()) - 1));
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SchedulerException {
    quartz.destroy(); // never started: nothing to wait for
    dataSource.close();
  }
}
