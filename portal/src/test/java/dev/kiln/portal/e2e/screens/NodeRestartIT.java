package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.NamedProcesses;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kiln killed with SIGKILL while a build runs, then started again on the same data: the build is
 * marked lost, saying the node restarted, instead of staying RUNNING; it runs again as attempt 2
 * (the project's default of one retry), and nothing else is lost.
 */
class NodeRestartIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void buildRunningWhenTheNodeDiesIsLostAndRunsAgainAfterRestart() throws Exception {
    Path home = tmp.resolve("home");
    long buildId;
    try (var browser = new Chromium("restart")) {
      var first = KilnProcess.start(home, "restart-before", Map.of());
      try {
        first.awaitReady();
        Page page = browser.newPage();
        var form = NewUserWalk.firstLogIn(first, browser, page).newProject();
        var script = new NamedProcesses("restart");
        form.name("long").script("echo started\nexec -a " + script.name() + " sleep 600\n").save();
        var build = ProjectScreen.expect(page, "long").runNow();
        assertThat(build.log())
            .containsText(
                "started", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        build.awaitState("RUNNING", Duration.ofSeconds(5));
        browser.screenshot(page, "running-before-kill");
        buildId = build.id();
        KilnSpringTest.await(
            "the script's sleep", Duration.ofSeconds(15), () -> script.count() == 1);
        first.kill();
        // The script must not outlive the node that ran it.
        KilnSpringTest.await(
            "the build script to die with its node",
            Duration.ofSeconds(15),
            () -> script.count() == 0);
      } finally {
        first.close(); // after a failure only: it is dead already when the test goes well
      }

      try (var second = KilnProcess.start(home, "restart-after", Map.of())) {
        second.awaitReady();
        assertThat(second.oneTimePassword()).as("no second first admin").isEmpty();
        Page page = browser.newPage();
        LoginScreen.open(page, second.url()).logIn("admin", NewUserWalk.PASSWORD);
        ProjectsScreen.expect(page);
        page.navigate(second.url() + "builds/" + buildId);
        var build = BuildScreen.expect(page);
        build.awaitState("LOST", Duration.ofSeconds(10));
        assertThat(build.reason()).containsText("restarted while it ran this build");
        assertThat(build.reason()).containsText("runs again as attempt 2");
        assertThat(build.log()).containsText("started");
        assertThat(page.locator("#build-retried-as")).containsText("#2");
        browser.screenshot(page, "lost-after-restart");
        page.locator("#build-retried-as a").click();
        page.waitForURL("**/builds/" + (buildId + 1));
        var retry = BuildScreen.expect(page);
        retry.awaitState("RUNNING", Duration.ofSeconds(30));
        assertThat(page.locator("#build-trigger")).containsText("retry of #1");
        assertThat(page.locator("#build-retry-of")).containsText("#1 (lost)");
        browser.screenshot(page, "retry-after-restart");
      }
    }
  }
}
