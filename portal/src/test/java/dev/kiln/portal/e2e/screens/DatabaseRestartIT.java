package dev.kiln.portal.e2e.screens;

import static dev.kiln.portal.e2e.screens.ClusterIT.count;
import static dev.kiln.portal.e2e.screens.ClusterIT.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnCluster;
import dev.kiln.portal.e2e.harness.KilnProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * PostgreSQL stopped for about ten seconds and started again on the same port and data, while
 * builds run and a schedule fires on a Kiln node in its own JVM. Nobody touches the node: the
 * builds that ran through the outage record their end, the queued ones run, the schedule goes on,
 * each of its fire times is recorded once (those due during the outage run late, the outage being
 * shorter than the misfire threshold), and the node takes new builds afterwards.
 */
class DatabaseRestartIT {

  private static final String EVERY_THREE_SECONDS = "*/3 * * * * ?";
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @TempDir Path tmp;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void buildsAndSchedulesGoOnAfterPostgresRestarts() throws Exception {
    Path markers = KilnCluster.markerFolder(tmp);
    String script = KilnCluster.markerScript(markers, 4);
    int port = KilnProcess.freePort();
    Path data = tmp.resolve("pg");
    EmbeddedPostgres postgres = start(data, port);
    try {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("create database kiln");
      }
      try (var cluster =
              new KilnCluster(tmp.resolve("home"), postgres.getJdbcUrl("postgres", "kiln"));
          var browser = new Chromium("db-restart")) {
        KilnProcess node = cluster.start(3, "node-a").getFirst();
        long project = cluster.project(browser, "restart", script);
        String schedules = "/api/projects/" + project + "/schedules";
        long schedule =
            cluster
                .call(
                    node,
                    "POST",
                    schedules,
                    """
            {"name": "ticker", "expression": "%s", "overlap": "SKIP"}"""
                        .formatted(EVERY_THREE_SECONDS),
                    201)
                .get("id")
                .asLong();
        for (int i = 0; i < 6; i++) {
          cluster.call(node, "POST", "/api/projects/" + project + "/builds", null, 201);
        }
        List<Long> runningAtStop;
        try (Connection db = cluster.connect()) {
          KilnSpringTest.await(
              "a fire and two builds running their scripts",
              Duration.ofSeconds(120),
              () -> scriptsRunning(db, markers).size() >= 2 && fires(db, schedule) > 0);
          runningAtStop = scriptsRunning(db, markers);
        }

        postgres.close();
        Instant stopped = Instant.now();
        Thread.sleep(OUTAGE.toMillis());
        postgres = start(data, port);
        Instant restarted = Instant.now();
        System.out.println(
            "PostgreSQL down from "
                + stopped
                + " to "
                + restarted
                + " while builds "
                + runningAtStop
                + " ran");

        try (Connection db = cluster.connect()) {
          KilnSpringTest.await(
              "every queued and running build to end",
              Duration.ofSeconds(180),
              () -> count(db, "trigger_kind = 'API' and state in ('QUEUED', 'RUNNING')") == 0);
          assertThat(
                  strings(
                      db,
                      "select id || ' ' || state || ' ' || coalesce(reason, '') from builds"
                          + " where trigger_kind = 'API' and state <> 'SUCCEEDED'"))
              .as("API builds that did not succeed")
              .isEmpty();
          assertThat(count(db, "trigger_kind = 'API'")).isEqualTo(6);
          for (long id : runningAtStop) {
            assertThat(strings(db, "select state from builds where id = " + id))
                .as("build " + id + ", running when PostgreSQL stopped")
                .containsExactly("SUCCEEDED");
          }
          System.out.println(
              "Ends recorded: "
                  + strings(
                      db,
                      "select id || ' ' || finished_at from builds"
                          + " where id in ("
                          + String.join(",", runningAtStop.stream().map(String::valueOf).toList())
                          + ")"));
          for (long id : ClusterIT.ids(db, "select id from builds where state = 'SUCCEEDED'")) {
            List<String> lines = Files.readAllLines(markers.resolve(String.valueOf(id)));
            assertThat(lines).as("build " + id + " ran once, to its end").hasSize(2);
          }

          // The node still works without a restart: a new build runs, and the schedule fires again.
          long after =
              cluster
                  .call(node, "POST", "/api/projects/" + project + "/builds", null, 201)
                  .get("id")
                  .asLong();
          KilnSpringTest.await(
              "a build queued after the restart to end",
              Duration.ofSeconds(90),
              () -> count(db, "id = " + after + " and state = 'SUCCEEDED'") == 1);
          KilnSpringTest.await(
              "a fire after the restart",
              Duration.ofSeconds(30),
              () -> {
                try {
                  return !strings(
                          db,
                          "select 1 from schedule_fires where schedule_id = "
                              + schedule
                              + " and fire_time > '"
                              + restarted.plusSeconds(5)
                              + "'")
                      .isEmpty();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
          cluster.call(node, "PUT", schedules + "/" + schedule, "{\"enabled\": false}", 200);
          assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive))
              .as("the node's JVM")
              .hasValue(true);
          assertThat(node.consoleText())
              .as("the node's log")
              .doesNotContain("stays RUNNING until this node restarts");
          checkFires(db, schedule, stopped, restarted);
        }
      }
    } finally {
      postgres.close();
    }
  }

  /**
   * Each fire time from the first to the last once: those due in the outage ran late, none was
   * lost.
   */
  private static void checkFires(Connection db, long schedule, Instant stopped, Instant restarted)
      throws Exception {
    var rows =
        db.createStatement()
            .executeQuery(
                "select fire_time, fired_at, outcome from schedule_fires"
                    + " where schedule_id = "
                    + schedule
                    + " order by fire_time");
    List<Instant> fired = new ArrayList<>();
    while (rows.next()) {
      Instant time = rows.getTimestamp(1).toInstant();
      fired.add(time);
      if (!time.isBefore(stopped) && time.isBefore(restarted)) {
        System.out.println(
            "Fire time "
                + time
                + " in the outage, handled at "
                + rows.getTimestamp(2).toInstant()
                + ": "
                + rows.getString(3));
      }
    }
    var cron = new CronExpression(EVERY_THREE_SECONDS);
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
    assertThat(fired)
        .as("fires before the stop and after the restart")
        .anyMatch(t -> t.isBefore(stopped))
        .anyMatch(t -> t.isAfter(restarted));
  }

  private static int fires(Connection db, long schedule) {
    try {
      return strings(db, "select 1 from schedule_fires where schedule_id = " + schedule).size();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds whose script has started and not ended. */
  private static List<Long> scriptsRunning(Connection db, Path markers) {
    try {
      List<Long> running = new ArrayList<>();
      for (long id : ClusterIT.ids(db, "select id from builds where state = 'RUNNING'")) {
        Path marker = markers.resolve(String.valueOf(id));
        if (Files.exists(marker) && Files.readAllLines(marker).size() == 1) {
          running.add(id);
        }
      }
      return running;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same data folder and port each time, as a restarted server would have. */
  private static EmbeddedPostgres start(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }
}
