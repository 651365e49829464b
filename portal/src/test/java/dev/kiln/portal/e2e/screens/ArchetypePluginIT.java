package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin author's path from the guide: generate a project from {@code kiln-builder-archetype},
 * build it with its own tests, upload the jar on the Plugins screen, and run a build on it. The
 * time from generating to a built jar is written down, not asserted.
 */
class ArchetypePluginIT {

  @TempDir Path tmp;

  @BeforeAll
  static void patientAssertions() {
    PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
  }

  @AfterAll
  static void usualAssertions() {
    PlaywrightAssertions.setDefaultAssertionTimeout(5_000);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aProjectGeneratedFromTheArchetypeBuildsUploadsAndRunsABuild() throws Exception {
    // Kiln starts while Maven works: both take a while, and neither needs the other until upload.
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "archetype-plugin", Map.of());
        var browser = new Chromium("archetype-plugin")) {
      long started = System.nanoTime();
      Path jar = new ArchetypeProject(tmp.resolve("author")).generateAndBuild("limited-shell");
      long buildMillis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("Archetype to built plugin jar (tests included): %d ms%n", buildMillis);
      Files.createDirectories(Path.of("target", "e2e"));
      Files.writeString(Path.of("target", "e2e", "archetype-to-jar-ms.txt"), buildMillis + "\n");

      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);
      var plugins = PluginsScreen.open(page);
      plugins.upload(jar);
      assertThat(plugins.uploadResult())
          .containsText("Installed limited-shell 1.0.0 with Limited shell (limited-shell).");
      browser.screenshot(page, "archetype-plugin-installed");

      page.navigate(kiln.url());
      var form = ProjectsScreen.expect(page).newProject();
      form.builder("Limited shell (limited-shell)");
      form.name("limited")
          .script("echo \"built by $KILN_BUILD_ID\"\nmkdir -p dist\necho made > dist/out.txt")
          .artifacts("dist/**");
      form.save();
      var build = ProjectScreen.expect(page, "limited").runNow();
      build.awaitState("SUCCEEDED", Duration.ofSeconds(60));
      assertThat(build.log())
          .containsText(
              "built by ", new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
      browser.screenshot(page, "archetype-plugin-build-succeeded");
      assertThat(new String(build.download("dist/out.txt"), StandardCharsets.UTF_8))
          .isEqualTo("made\n");
    }
  }
}
