package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live log's viewer is let in once, when the page opens, and reads on without asking the database
 * again; a member removed from the project meanwhile must still see nothing more. Two nodes: the
 * member watches on the node that does not run the build, and is removed through the node that
 * does, so both the log's growth and the removal reach the page through the database's
 * notifications.
 */
class LiveLogAccessIT {

  static final String PASSWORD = "a long password for watching";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aMemberRemovedWhileWatchingSeesNoMoreOfTheLog() throws Exception {
    Path markers = KilnCluster.markerFolder(tmp);
    Path go = markers.resolve("go");
    String script =
        """
        echo "before removal"
        while [ ! -e '%s' ]; do sleep 0.2; done
        echo "after removal"
        """
            .formatted(go);
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
          var browser = new Chromium("live-log-access");
          Connection db = cluster.connect()) {
        List<KilnProcess> nodes = cluster.start(2, "node-a", "node-b");
        long project = cluster.project(browser, "watched", script);
        cluster.addUser("watcher", PASSWORD);
        String member = "/api/projects/" + project + "/members/watcher";
        cluster.call(nodes.getFirst(), "PUT", member, "{\"role\": \"VIEWER\"}", 200);
        long build =
            cluster
                .call(nodes.getFirst(), "POST", "/api/projects/" + project + "/builds", null, 201)
                .get("id")
                .asLong();
        KilnSpringTest.await(
            "build " + build + " to run", Duration.ofSeconds(90), () -> nodeOf(db, build) != null);
        KilnProcess runner = nodes.get(nodeOf(db, build).equals("node-a") ? 0 : 1);
        KilnProcess other = nodes.get(runner == nodes.getFirst() ? 1 : 0);

        Page watcher = browser.newIsolatedPage();
        LoginScreen.open(watcher, other.url()).logIn("watcher", PASSWORD);
        ProjectsScreen.expect(watcher);
        watcher.navigate(other.url() + "builds/" + build);
        var watched = BuildScreen.expect(watcher);
        assertThat(watched.log())
            .containsText("before removal", new ContainsTextOptions().setTimeout(60_000));

        cluster.call(runner, "DELETE", member, null, 204);
        assertThat(watched.log()).containsText("You may not see this build any more");
        Files.createFile(go);

        Page admin = browser.newPage();
        admin.navigate(runner.url() + "builds/" + build);
        var seen = BuildScreen.expect(admin);
        seen.awaitState("SUCCEEDED", Duration.ofSeconds(60));
        assertThat(seen.log()).containsText("after removal");
        browser.screenshot(watcher, "removed-member-page");
        assertThat(watched.log()).not().containsText("after removal");
        assertThat(watched.state()).not().hasAttribute("data-state", "SUCCEEDED");
      }
    }
  }

  private static String nodeOf(Connection db, long build) {
    try (ResultSet rs =
        db.createStatement()
            .executeQuery("select node from builds where state = 'RUNNING' and id = " + build)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
