package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party's builder: the example under {@code examples/hello-builder}, built by this build as
 * its own jar against the plugin API alone, dropped into Kiln's plugin folder, shows up in the
 * project form with its own settings, refuses a setting it checks itself, and runs a build.
 */
class ExamplePluginIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void anOrganizationsOwnBuilderIsLoadedAndRunsABuild() throws Exception {
    Path jar = ExamplePlugin.jar();
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    // A jar that is not even a zip sits beside it: Kiln must report it and still load the example.
    Files.writeString(plugins.resolve("broken-plugin.jar"), "not a jar");
    Files.copy(jar, plugins.resolve(jar.getFileName()));

    try (var kiln =
            KilnProcess.start(
                tmp.resolve("home"),
                "example-plugin",
                Map.of("KILN_PLUGINS_DIR", plugins.toString()));
        var browser = new Chromium("example-plugin")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);

      var pluginsScreen = PluginsScreen.open(page);
      assertThat(pluginsScreen.plugin("hello-builder")).isVisible();
      assertThat(pluginsScreen.plugins()).containsText("1.0.0");
      assertThat(pluginsScreen.plugins()).containsText("Hello (example plugin)");
      assertThat(pluginsScreen.plugins()).containsText("Plugins folder");
      assertThat(pluginsScreen.plugins()).containsText("Local shell");
      assertThat(pluginsScreen.plugins()).containsText("Shipped with Kiln");
      assertThat(pluginsScreen.failures()).containsText("broken-plugin.jar");
      assertThat(pluginsScreen.failures()).containsText("not a jar: the file is not a ZIP archive");
      assertThat(pluginsScreen.failures().locator(".error-text").first())
          .hasText(Pattern.compile("\\S"));
      assertThat(page.locator("#plugin-facts")).containsText(plugins.toString());
      pluginsScreen
          .failures()
          .scrollIntoViewIfNeeded(); // the screenshot shows only what is in view
      browser.screenshot(page, "plugins-screen");

      page.navigate(kiln.url());
      var form = ProjectsScreen.expect(page).newProject();

      form.builder("Hello (example plugin)");
      assertThat(form.builder()).hasText("Hello (example plugin)");
      Locator greeting = setting(page, "Greeting");
      Locator pause = setting(page, "Pause between lines (ms)");
      greeting.fill("hi");
      pause.fill("9000");
      form.name("greeted").script("first line\nsecond line\nthird line");
      form.save();
      // The range is the plugin's schema's: Kiln refuses 9000 under the field, naming both.
      assertThat(page.locator("#setting-pause-millis"))
          .containsText("Pause between lines (ms) must be a whole number from 0 to 5000.");
      browser.screenshot(page, "plugin-setting-refused");

      pause.fill("300");
      form.save();
      var build = ProjectScreen.expect(page, "greeted").runNow();
      build.awaitState("SUCCEEDED", Duration.ofSeconds(60));
      assertThat(build.log())
          .containsText(
              "[hi] first line\n[hi] second line\n[hi] third line",
              new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
      browser.screenshot(page, "plugin-build-succeeded");
      String report = new String(build.download("hello-report.txt"), StandardCharsets.UTF_8);
      assertThat(report).startsWith("lines: 3\n");
    }
  }

  /** A settings field the builder declared, found by its label as a user would. */
  private static Locator setting(Page page, String label) {
    return page.locator("vaadin-text-field, vaadin-integer-field, vaadin-number-field")
        .filter(new Locator.FilterOptions().setHasText(label))
        .locator("input");
  }
}
