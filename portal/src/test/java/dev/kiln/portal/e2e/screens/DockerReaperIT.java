package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.builder.docker.DockerEngine;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kiln is killed with SIGKILL while a build runs in a container on a real Docker engine. The
 * container outlives it; when Kiln starts again, the build ends as an error and the periodic
 * instance check removes the orphan container, found by its build-id label.
 */
class DockerReaperIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aContainerLeftByAKilledNodeIsRemovedAfterRestart() throws Exception {
    Path home = tmp.resolve("home");
    Map<String, String> env = Map.of("KILN_INSTANCES_CHECK_INTERVAL", "5s");
    try (var engine = DockerEngine.start(tmp.resolve("engine"));
        var browser = new Chromium("docker-reaper")) {
      long build;
      try (var first = KilnProcess.start(home, "docker-before", env)) {
        first.awaitReady();
        Page page = browser.newPage();
        NewUserWalk.firstLogIn(first, browser, page);
        var builders = BuildersScreen.open(page);
        builders.create(
            "Docker",
            "engine here",
            Map.of("engine", engine.address(), "default-image", DockerEngine.IMAGE),
            Map.of("network", "none"));
        assertThat(page.locator("#builder-instances"))
            .containsText("API 1.", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        browser.screenshot(page, "docker-instance-up");

        page.navigate(first.url());
        var form = ProjectsScreen.expect(page).newProject();
        form.builder("engine here (Docker)")
            .name("in-a-container")
            .script("echo started in $(hostname)\nsleep 600\n");
        form.save();
        var running = ProjectScreen.expect(page, "in-a-container").runNow();
        assertThat(running.log())
            .containsText(
                "started in", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        build = running.id();
        assertThat(kilnContainers(engine)).hasSize(1);
        browser.screenshot(page, "docker-build-running");
        first.kill();
      }
      assertThat(kilnContainers(engine)).as("the container outlives the killed node").hasSize(1);

      try (var second = KilnProcess.start(home, "docker-after", env)) {
        second.awaitReady();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        // The project runs a lost build once more, in a container of its own: only the orphan must
        // go.
        while (!containersOf(engine, build).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(500);
        }
        assertThat(containersOf(engine, build)).as("the orphan is removed").isEmpty();
        Page page = browser.newPage();
        LoginScreen.open(page, second.url()).logIn("admin", NewUserWalk.PASSWORD);
        page.navigate(second.url() + "builds/" + build);
        var after = BuildScreen.expect(page);
        after.awaitState("LOST", Duration.ofSeconds(30));
        assertThat(after.reason()).containsText("restarted while it ran this build");
        assertThat(after.reason()).containsText("runs again as attempt 2");
        browser.screenshot(page, "docker-build-after-restart");
      }
    }
  }

  /** The ids of the containers of one build, in any state. */
  private static List<String> containersOf(DockerEngine engine, long build) {
    return engine
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of("dev.kiln.build-id", String.valueOf(build)))
        .exec()
        .stream()
        .map(c -> c.getId())
        .toList();
  }

  /** The ids of containers Kiln labelled, in any state. */
  private static List<String> kilnContainers(DockerEngine engine) {
    return engine
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of("dev.kiln.managed", "true"))
        .exec()
        .stream()
        .map(c -> c.getId())
        .toList();
  }
}
