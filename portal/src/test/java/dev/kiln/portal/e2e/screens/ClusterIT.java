package dev.kiln.portal.e2e.screens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnCluster;
import dev.kiln.portal.e2e.harness.KilnProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

/**
 * Three Kiln nodes, each in its own JVM, on one PostgreSQL, all of them web, scheduler and runner.
 * 60 builds are queued through the REST API, spread over the nodes, while a schedule fires every
 * two seconds (skipping while the project is busy, so fires are recorded without piling builds up
 * on a slow machine); one node is killed with SIGKILL while it runs builds. The others mark its
 * running builds lost, naming it, and run them again within 30 s; no build is lost for good, none
 * runs twice, every node ran some, and the schedule fired exactly once for each of its fire times
 * through the kill.
 */
class ClusterIT {

  private static final String EVERY_TWO_SECONDS = "*/2 * * * * ?";
  private static final int BUILDS = 60;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void aNodeKilledMidBuildLosesNothingAndRunsNothingTwice() throws Exception {
    Path markers = KilnCluster.markerFolder(tmp);
    String script = KilnCluster.markerScript(markers, 3);
    try (var postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(tmp.resolve("pg"))
            .setCleanDataDirectory(true)
            .start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("create database kiln");
      }
      try (var cluster =
              new KilnCluster(tmp.resolve("home"), postgres.getJdbcUrl("postgres", "kiln"));
          var browser = new Chromium("cluster")) {
        List<KilnProcess> nodes = cluster.start(3, "node-a", "node-b", "node-c");
        KilnProcess victim = nodes.get(1);
        long project = cluster.project(browser, "cluster", script);
        String schedules = "/api/projects/" + project + "/schedules";
        long schedule =
            cluster
                .call(
                    nodes.get(0),
                    "POST",
                    schedules,
                    """
            {"name": "ticker", "expression": "%s", "overlap": "SKIP"}"""
                        .formatted(EVERY_TWO_SECONDS),
                    201)
                .get("id")
                .asLong();
        for (int i = 0; i < BUILDS; i++) {
          cluster.call(nodes.get(i % 3), "POST", "/api/projects/" + project + "/builds", null, 201);
        }

        try (Connection db = cluster.connect()) {
          KilnSpringTest.await(
              "node-b to have run a build and to be running others",
              Duration.ofSeconds(90),
              () ->
                  count(db, "state = 'SUCCEEDED' and node = 'node-b'") > 0
                      && count(db, "state = 'RUNNING' and node = 'node-b'") > 0);
          List<Long> runningOnVictim =
              ids(db, "select id from builds where state = 'RUNNING' and node = 'node-b'");
          victim.kill();
          Instant killed = Instant.now();
          System.out.println(
              "Killed node-b (pid "
                  + victim.pid()
                  + ") at "
                  + killed
                  + " while it ran builds "
                  + runningOnVictim);

          KilnSpringTest.await(
              "node-b's builds to be marked lost",
              Duration.ofSeconds(30),
              () -> count(db, "state = 'RUNNING' and node = 'node-b'") == 0);
          try {
            KilnSpringTest.await(
                "every queued build and every retry to end",
                Duration.ofSeconds(240),
                () ->
                    count(db, "trigger_kind in ('API', 'RETRY') and state in ('QUEUED', 'RUNNING')")
                        == 0);
          } finally {
            System.out.println(
                "Builds by state, trigger and node: "
                    + strings(
                        db,
                        "select state || ' '"
                            + " || trigger_kind || ' ' || coalesce(node, '-') || ' ' || count(*) from builds group by state, trigger_kind, node"));
          }
          assertThat(count(db, "trigger_kind = 'API'")).isEqualTo(BUILDS);
          cluster.call(
              nodes.get(0), "PUT", schedules + "/" + schedule, "{\"enabled\": false}", 200);
          // A fire already under way when the schedule was paused keeps its row in Quartz's fired
          // triggers until its job, which queues the build, has returned.
          KilnSpringTest.await(
              "schedule fires under way to end",
              Duration.ofSeconds(60),
              () -> firesUnderWay(db) == 0);
          KilnSpringTest.await(
              "the last scheduled builds to end",
              Duration.ofSeconds(60),
              () -> count(db, "state in ('QUEUED', 'RUNNING')") == 0);

          checkLostBuildsRanAgain(db, runningOnVictim, killed);
          checkEveryBuildSucceededOnce(db, markers);
          assertThat(strings(db, "select distinct node from builds where state = 'SUCCEEDED'"))
              .as("nodes that ran builds")
              .contains("node-a", "node-b", "node-c");
          checkOneFirePerFireTime(db, schedule);
        }
      }
    }
  }

  /**
   * The killed node's running builds are LOST naming it, and each one's retry started within 30 s.
   */
  private static void checkLostBuildsRanAgain(
      Connection db, List<Long> runningOnVictim, Instant killed) throws SQLException {
    var lost =
        db.createStatement()
            .executeQuery(
                """
        select b.id, b.node, b.reason, r.id, r.state, r.started_at, r.node, b.finished_at from builds b
        left join builds r on r.retry_of = b.id where b.state = 'LOST' order by b.id""");
    List<Long> lostIds = new ArrayList<>();
    while (lost.next()) {
      long id = lost.getLong(1);
      lostIds.add(id);
      assertThat(lost.getString(2)).as("node of lost build " + id).isEqualTo("node-b");
      assertThat(lost.getString(3)).as("reason of lost build " + id).contains("node-b");
      assertThat(lost.getObject(4)).as("retry of lost build " + id).isNotNull();
      assertThat(lost.getString(5)).as("state of the retry of " + id).isEqualTo("SUCCEEDED");
      Duration markedLost = Duration.between(killed, lost.getTimestamp(8).toInstant());
      Duration retried = Duration.between(killed, lost.getTimestamp(6).toInstant());
      System.out.printf(
          "Build %d lost %.1f s after the kill (%s); its retry %d started on %s %.1f s after the kill%n",
          id,
          markedLost.toMillis() / 1000.0,
          lost.getString(3),
          lost.getLong(4),
          lost.getString(7),
          retried.toMillis() / 1000.0);
      assertThat(retried)
          .as("time from the kill to the retry of " + id)
          .isLessThan(Duration.ofSeconds(30));
    }
    // A build node-b took between the look and the kill is lost too.
    assertThat(lostIds)
        .as("lost builds: those node-b ran when it was killed")
        .containsAll(runningOnVictim);
  }

  /** Every build but the lost ones succeeded, and each build's script started exactly once. */
  private static void checkEveryBuildSucceededOnce(Connection db, Path markers) throws Exception {
    assertThat(
            strings(
                db,
                "select id || ' ' || state || ' ' || coalesce(reason, '') from builds"
                    + " where state not in ('SUCCEEDED', 'LOST')"))
        .as("builds that neither succeeded nor were lost")
        .isEmpty();
    var rows = db.createStatement().executeQuery("select id, state from builds");
    int builds = 0;
    while (rows.next()) {
      builds++;
      Path marker = markers.resolve(String.valueOf(rows.getLong(1)));
      boolean lost = rows.getString(2).equals("LOST");
      // A build lost before its builder started the script has no marker.
      List<String> lines = lost && !Files.exists(marker) ? List.of() : Files.readAllLines(marker);
      assertThat(lines.stream().filter(l -> l.startsWith("start")))
          .as("starts of build " + rows.getLong(1))
          .hasSize(lost && lines.isEmpty() ? 0 : 1);
      List<Long> ends =
          lines.stream()
              .filter(l -> l.startsWith("end"))
              .map(l -> Long.parseLong(l.substring(4)))
              .toList();
      if (lost && !ends.isEmpty()) {
        // The script may outlive its killed JVM by up to the local builder's watchdog interval (2
        // s),
        // but never into its retry.
        long retry =
            ids(db, "select id from builds where retry_of = " + rows.getLong(1)).getFirst();
        long retryStart =
            Long.parseLong(
                Files.readAllLines(markers.resolve(String.valueOf(retry))).getFirst().substring(6));
        assertThat(ends.getFirst())
            .as("end of lost build " + rows.getLong(1) + " before its retry started")
            .isLessThan(retryStart);
      } else {
        assertThat(ends)
            .as("ends of build " + rows.getLong(1))
            .hasSize(rows.getString(2).equals("SUCCEEDED") ? 1 : 0);
      }
    }
    try (var files = Files.list(markers)) {
      assertThat(files.count()).as("scripts that ran, against builds").isLessThanOrEqualTo(builds);
    }
    System.out.println(
        builds
            + " builds in all; per node: "
            + strings(
                db, "select node || ' ' || count(*) from builds group by node order by node"));
  }

  /** One row per fire time from the first to the last, as the cron expression computes them. */
  private static void checkOneFirePerFireTime(Connection db, long schedule) throws Exception {
    var rows =
        db.createStatement()
            .executeQuery(
                "select fire_time, fired_at, node from schedule_fires"
                    + " where schedule_id = "
                    + schedule
                    + " order by fire_time");
    List<Instant> fired = new ArrayList<>();
    Duration latest = Duration.ZERO;
    while (rows.next()) {
      Instant time = rows.getTimestamp(1).toInstant();
      fired.add(time);
      Duration late = Duration.between(time, rows.getTimestamp(2).toInstant());
      latest = late.compareTo(latest) > 0 ? late : latest;
    }
    assertThat(fired).as("fires").hasSizeGreaterThan(10);
    var cron = new CronExpression(EVERY_TWO_SECONDS);
    cron.setTimeZone(TimeZone.getTimeZone("UTC"));
    List<Instant> expected = new ArrayList<>();
    for (Instant t = fired.getFirst();
        !t.isAfter(fired.getLast());
        t = cron.getNextValidTimeAfter(Date.from(t)).toInstant()) {
      expected.add(t);
    }
    assertThat(fired)
        .as("fire times recorded, against those the expression gives")
        .isEqualTo(expected);
    System.out.println(
        fired.size()
            + " fires from "
            + fired.getFirst()
            + " to "
            + fired.getLast()
            + ", the latest handled "
            + latest.toMillis()
            + " ms after its time; by node: "
            + strings(
                db,
                "select node || ' ' || count(*) from schedule_fires where schedule_id = "
                    + schedule
                    + " group by node order by node"));
    assertThat(count(db, "trigger_kind = 'SCHEDULE'"))
        .as("builds queued by the schedule")
        .isEqualTo(
            Integer.parseInt(
                strings(
                        db,
                        "select count(*) from schedule_fires where schedule_id = "
                            + schedule
                            + " and build_id is not null")
                    .getFirst()));
  }

  static int count(Connection db, String where) {
    try (ResultSet rs =
        db.createStatement().executeQuery("select count(*) from builds where " + where)) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int firesUnderWay(Connection db) {
    try (ResultSet rs =
        db.createStatement()
            .executeQuery(
                "select count(*) from qrtz_fired_triggers where sched_name = 'kiln-schedules'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Long> ids(Connection db, String sql) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  static List<String> strings(Connection db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
