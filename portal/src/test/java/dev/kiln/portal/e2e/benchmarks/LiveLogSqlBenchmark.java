package dev.kiln.portal.e2e.benchmarks;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnCluster;
import dev.kiln.portal.e2e.harness.KilnProcess;
import dev.kiln.portal.e2e.screens.BuildScreen;
import dev.kiln.portal.e2e.screens.LoginScreen;
import dev.kiln.portal.e2e.screens.ProjectsScreen;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL statements per second that open build pages cost, counted by PostgreSQL itself: the node's
 * database has {@code pg_stat_statements} loaded, which counts every statement the server executes
 * (queries, updates, and BEGIN/COMMIT/SET, from every connection of Kiln: Hibernate, Quartz, node
 * check-ins). A build prints {@value #RATE} lines/s; the statements of a {@value #WINDOW_SECONDS} s
 * window are counted once with no page open (the baseline, in the same run: what the build and an
 * idle Kiln cost) and once with {@value #VIEWERS} pages of a project member (role viewer, so access
 * checks are a member's, not an admin's shortcut) following the live log. The difference divided by
 * the viewers is what one viewer costs.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -pl portal -am -Dit.test=LiveLogSqlBenchmark
 * -Dfailsafe.failIfNoSpecifiedTests=false}; it is not part of the test suite.
 */
class LiveLogSqlBenchmark {

  static final int RATE = 1_000;
  static final String PASSWORD = "a long password for watching";
  static final int VIEWERS = 10;
  static final int WINDOW_SECONDS = 20;

  /**
   * Longer than the viewers take to open and the window to pass on a busy machine; the benchmark
   * cancels the build once it has measured.
   */
  static final int BUILD_SECONDS = 900;

  /** Generous: the machine may be busy, and the build prints all the while. */
  static final LocatorAssertions.ContainsTextOptions FIRST_LINES =
      new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

  @TempDir Path tmp;

  @Test
  void statementsPerViewer() throws Exception {
    try (var postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(tmp.resolve("pg"))
            .setCleanDataDirectory(true)
            .setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("create database kiln");
      }
      try (var cluster =
              new KilnCluster(tmp.resolve("home"), postgres.getJdbcUrl("postgres", "kiln"));
          var browser = new Chromium("sql-per-viewer")) {
        var node = cluster.start(4, "node-a").getFirst();
        long project =
            cluster.project(browser, "sql", LiveLogBenchmark.producer(RATE, BUILD_SECONDS));
        cluster.addUser("watcher", PASSWORD);
        cluster.call(
            node,
            "PUT",
            "/api/projects/" + project + "/members/watcher",
            "{\"role\": \"VIEWER\"}",
            200);
        Page member = browser.newIsolatedPage();
        LoginScreen.open(member, node.url()).logIn("watcher", PASSWORD);
        ProjectsScreen.expect(member);
        try (Connection db = cluster.connect()) {
          db.createStatement().execute("create extension if not exists pg_stat_statements");
          long quiet = startBuild(cluster, node, project, db);
          Window baseline = measure(db, quiet);
          cancel(browser, node, db, quiet);

          long watched = startBuild(cluster, node, project, db);
          for (int i = 0; i < VIEWERS; i++) {
            Page page = member.context().newPage();
            page.navigate(node.url() + "builds/" + watched);
            try {
              assertThat(BuildScreen.expect(page).log()).containsText("line ", FIRST_LINES);
            } catch (AssertionError e) {
              System.out.println("Page without log: " + page.locator("body").innerText());
              throw e;
            }
          }
          Window viewed = measure(db, watched);
          cancel(browser, node, db, watched);

          double perViewer = (viewed.perSecond() - baseline.perSecond()) / VIEWERS;
          System.out.printf(
              Locale.ROOT,
              "%nSQL statements/s, build printing %d lines/s, %d s windows (pg_stat_statements)%n"
                  + "no viewer (baseline): %8.1f/s%n"
                  + "%d viewers:           %8.1f/s   ratio to baseline %.2f%n"
                  + "per viewer:           %8.1f/s%n"
                  + "log chunks recorded:  %8.1f/s without viewers, %.1f/s with them%n",
              RATE,
              WINDOW_SECONDS,
              baseline.perSecond(),
              VIEWERS,
              viewed.perSecond(),
              viewed.perSecond() / baseline.perSecond(),
              perViewer,
              baseline.logWrites(),
              viewed.logWrites());
          System.out.println("Most called with no viewer:");
          baseline.top().forEach(System.out::println);
          System.out.println("Most called with " + VIEWERS + " viewers:");
          viewed.top().forEach(System.out::println);
        }
      }
    }
  }

  private static long startBuild(KilnCluster cluster, KilnProcess node, long project, Connection db)
      throws Exception {
    long build =
        cluster
            .call(node, "POST", "/api/projects/" + project + "/builds", null, 201)
            .get("id")
            .asLong();
    KilnSpringTest.await(
        "build " + build + " to print",
        Duration.ofSeconds(60),
        () -> single(db, "select log_bytes from builds where id = " + build) > 1000);
    return build;
  }

  /** Cancels the build from its page, as a user would, and waits for it to end. */
  private static void cancel(Chromium browser, KilnProcess node, Connection db, long build) {
    Page page = browser.newPage();
    page.navigate(node.url() + "builds/" + build);
    page.locator("#cancel-build").click(new Locator.ClickOptions().setTimeout(120_000));
    KilnSpringTest.await(
        "build " + build + " to end",
        Duration.ofSeconds(120),
        () ->
            single(
                    db,
                    "select count(*) from builds where id = "
                        + build
                        + " and state not in ('QUEUED', 'RUNNING')")
                == 1);
    page.close();
  }

  /** The statements PostgreSQL executes in one window, the benchmark's own left out. */
  private static Window measure(Connection db, long build) throws Exception {
    db.createStatement().execute("select pg_stat_statements_reset()");
    long start = System.nanoTime();
    Thread.sleep(WINDOW_SECONDS * 1000L); // the window is what is measured
    double seconds = (System.nanoTime() - start) / 1e9;
    long logWrites =
        single(
            db,
            "select coalesce(sum(calls), 0) from pg_stat_statements where query like"
                + " 'update builds%log_chunks%'");
    long total =
        single(
            db,
            "select coalesce(sum(calls), 0) from pg_stat_statements where query not like"
                + " '%pg_stat_statements%'");
    List<String> top = new ArrayList<>();
    ResultSet rows =
        db.createStatement()
            .executeQuery(
                """
                select calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
                from pg_stat_statements where query not like '%pg_stat_statements%'
                order by calls desc limit 8""");
    while (rows.next()) {
      top.add(
          String.format(
              Locale.ROOT, "  %7.1f/s  %s", rows.getLong(1) / seconds, rows.getString(2)));
    }
    if (single(db, "select count(*) from builds where state = 'RUNNING' and id = " + build) != 1) {
      throw new AssertionError("build " + build + " ended during the window: measure again");
    }
    return new Window(total / seconds, logWrites / seconds, top);
  }

  private static long single(Connection db, String sql) {
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Window(double perSecond, double logWrites, List<String> top) {}
}
