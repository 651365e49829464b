package dev.kiln.portal.e2e.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;

/**
 * Stores thousands of one-job-one-cron-trigger pairs in seconds. Quartz's own API takes several
 * statements per trigger under its cluster lock (about 7 ms each on the reference machine, minutes
 * for 10,000); here Quartz stores one pair itself, and its rows are copied in SQL with each copy's
 * name, cron expression, next fire time and job data (serialized as Quartz serializes it), so every
 * other column is what Quartz wrote.
 */
final class QuartzRows {

  /** One pair to store: job and trigger both named {@code name}, in the template's group. */
  record Pair(String name, String cron, Map<String, Object> data) {}

  private static final List<String> JOB_COLUMNS =
      List.of(
          "sched_name",
          "job_name",
          "job_group",
          "description",
          "job_class_name",
          "is_durable",
          "is_nonconcurrent",
          "is_update_data",
          "requests_recovery",
          "job_data");
  private static final List<String> TRIGGER_COLUMNS =
      List.of(
          "sched_name",
          "trigger_name",
          "trigger_group",
          "job_name",
          "job_group",
          "description",
          "next_fire_time",
          "prev_fire_time",
          "priority",
          "trigger_state",
          "trigger_type",
          "start_time",
          "end_time",
          "calendar_name",
          "misfire_instr",
          "job_data");
  private static final List<String> CRON_COLUMNS =
      List.of("sched_name", "trigger_name", "trigger_group", "cron_expression", "time_zone_id");

  private QuartzRows() {}

  /**
   * Stores the pairs; {@code job} gives the job class and flags, {@code cron} the trigger's misfire
   * instruction, both as the real code builds them. Cron expressions are in UTC.
   */
  static void store(
      Scheduler scheduler,
      DataSource dataSource,
      String group,
      JobBuilder job,
      CronScheduleBuilder cron,
      List<Pair> pairs)
      throws Exception {
    String template = "template-" + System.nanoTime();
    JobDetail templateJob = job.withIdentity(template, group).build();
    scheduler.scheduleJob(
        templateJob,
        TriggerBuilder.newTrigger().withIdentity(template, group).withSchedule(cron).build());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.createStatement()
          .execute(
              """
          create temp table load_rows (name varchar(200), cron varchar(120), next bigint, data bytea)
          on commit drop""");
      try (PreparedStatement insert =
          c.prepareStatement("insert into load_rows values (?, ?, ?, ?)")) {
        for (Pair pair : pairs) {
          var expression = new CronExpression(pair.cron());
          expression.setTimeZone(TimeZone.getTimeZone("UTC"));
          insert.setString(1, pair.name());
          insert.setString(2, pair.cron());
          insert.setLong(3, expression.getNextValidTimeAfter(new Date()).getTime());
          insert.setBytes(4, serialize(new JobDataMap(pair.data())));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      copy(
          c,
          "qrtz_job_details",
          JOB_COLUMNS,
          Map.of("job_name", "r.name", "job_data", "r.data"),
          "t.job_name = ? and t.job_group = ?",
          scheduler.getSchedulerName(),
          template,
          group);
      copy(
          c,
          "qrtz_triggers",
          TRIGGER_COLUMNS,
          Map.of("trigger_name", "r.name", "job_name", "r.name", "next_fire_time", "r.next"),
          "t.trigger_name = ? and t.trigger_group = ?",
          scheduler.getSchedulerName(),
          template,
          group);
      copy(
          c,
          "qrtz_cron_triggers",
          CRON_COLUMNS,
          Map.of("trigger_name", "r.name", "cron_expression", "r.cron"),
          "t.trigger_name = ? and t.trigger_group = ?",
          scheduler.getSchedulerName(),
          template,
          group);
      c.commit();
    } finally {
      scheduler.deleteJob(templateJob.getKey());
    }
  }

  private static void copy(
      Connection c,
      String table,
      List<String> columns,
      Map<String, String> replaced,
      String where,
      String scheduler,
      String name,
      String group)
      throws Exception {
    String select =
        columns.stream()
            .map(col -> replaced.getOrDefault(col, "t." + col))
            .collect(Collectors.joining(", "));
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into "
                + table
                + " ("
                + String.join(", ", columns)
                + ") select "
                + select
                + " from "
                + table
                + " t cross join load_rows r where t.sched_name = ? and "
                + where)) {
      insert.setString(1, scheduler);
      insert.setString(2, name);
      insert.setString(3, group);
      insert.executeUpdate();
    }
  }

  /** As Quartz's StdJDBCDelegate stores job data when it does not use properties. */
  private static byte[] serialize(JobDataMap data) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(data);
    }
    return bytes.toByteArray();
  }
}
