package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.e2e.harness.KilnProcess;
import dev.kiln.portal.plugin.HostilePluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin installs a third party's builder by uploading its jar in the browser: it is usable at
 * once, without a restart, a project builds on it, disabling it stops new builds with a reason, and
 * enabling it lets them run again.
 */
class PluginUploadIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void anAdminUploadsAPluginUsesItDisablesItAndEnablesItAgain() throws Exception {
    Path jar = ExamplePlugin.jar();
    Path notAJar = Files.writeString(tmp.resolve("notes.jar"), "meeting notes, not a plugin");
    try (var session = PluginUploadSession.start(tmp.resolve("home"), "plugin-upload", Map.of())) {
      Page page = session.signIn();

      var plugins = PluginsScreen.open(page);
      plugins.upload(notAJar);
      assertThat(plugins.uploadResult())
          .containsText("Refused notes.jar: not a jar: the file is not a ZIP archive");
      session.screenshot("upload-refused");

      long clicked = System.nanoTime();
      plugins.install(jar, "Installed hello-builder 1.0.0 with Hello (example plugin).");
      assertThat(plugins.plugin("hello-builder")).isVisible();
      var form = session.newProjectOn("Hello (example plugin)");
      long usableMillis = (System.nanoTime() - clicked) / 1_000_000;
      System.out.printf(
          "Upload click to builder usable in the project form: %d ms%n", usableMillis);
      Files.writeString(
          Path.of("target", "e2e", "plugin-upload-to-usable-ms.txt"), usableMillis + "\n");

      setting(page, "Greeting").fill("hi");
      form.name("greeted").script("first line\nsecond line");
      form.save();
      session.runSucceeds("greeted", "[hi] first line");

      plugins = PluginsScreen.open(page);
      plugins.upload(jar);
      assertThat(plugins.uploadResult())
          .containsText("plugin hello-builder version 1.0.0 is already installed");
      session.screenshot("upload-already-installed");
      plugins.replace();
      assertThat(plugins.uploadResult()).containsText("Installed hello-builder 1.0.0");

      plugins.press("disable", "hello-builder");
      assertThat(plugins.plugins()).containsText("Disabled by admin on ");
      session.screenshot("plugin-disabled");

      session.projects().open("greeted");
      page.locator("#run-now").click();
      assertThat(
              page.locator("vaadin-notification-card")
                  .filter(new Locator.FilterOptions().setHasText("Disabled by")))
          .containsText("Disabled by admin on ");
      assertThat(page).not().hasURL(Pattern.compile(".*/builds/\\d+.*"));
      session.screenshot("run-refused-plugin-disabled");

      plugins = PluginsScreen.open(page);
      plugins.press("enable", "hello-builder");
      assertThat(plugins.plugins()).not().containsText("Disabled by");
      session.screenshot("plugin-enabled");
      session.projects().open("greeted").runNow().awaitState("SUCCEEDED", Duration.ofSeconds(60));
    }
  }

  /**
   * Plugins that call {@code System.exit}, fill the heap, or carry a zip bomb are refused on the
   * Plugins screen with their reasons from the packaged jar's trial; Kiln goes on serving, leaves
   * no trial behind, and stops normally afterwards (a plugin's {@code System.exit} used to hang its
   * shutdown until killed with SIGKILL). Kiln's memory before and after is written down, not
   * asserted.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void hostilePluginsAreRefusedWithTheirReasonsAndKilnStopsNormallyAfterwards() throws Exception {
    Path exits =
        HostilePluginJars.staticInit("exits", "System.exit(3);")
            .writeTo(tmp.resolve("exits-1.0.jar"));
    Path hog =
        HostilePluginJars.describing(
                "hogs",
                "var all = new java.util.ArrayList<long[]>();"
                    + " while (!Boolean.getBoolean(\"kiln.never\")) { all.add(new long[1 << 20]); }")
            .writeTo(tmp.resolve("hogs-1.0.jar"));
    Path bomb =
        HostilePluginJars.zipBomb(
            HostilePluginJars.staticInit("bomb", "").writeTo(tmp.resolve("b.jar")),
            tmp.resolve("bomb-1.0.jar"),
            2L << 30);
    Path temp =
        Files.createDirectories(
            tmp.resolve("kiln-temp")); // Kiln's own, so other tests' files do not count
    try (var session =
        PluginUploadSession.start(
            tmp.resolve("home"),
            "plugin-upload-hostile",
            Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temp))) {
      KilnProcess kiln = session.kiln();
      Page page = session.signIn();
      var plugins = PluginsScreen.open(page);
      long rssBefore = kiln.residentKib();
      List<Path> tempBefore = list(temp);

      refused(
          plugins,
          exits,
          "Refused exits-1.0.jar: the plugin called System.exit(3) while it was loaded (from"
              + " test.exits.TheBuilder.<clinit>)");
      session.screenshot("upload-refused-system-exit");
      refused(
          plugins,
          hog,
          "Refused hogs-1.0.jar: it ran out of memory in the trial (Java heap space)");
      refused(
          plugins,
          bomb,
          "Refused bomb-1.0.jar: entry META-INF/extensions.idx inflates to more than 1 MB");
      session.screenshot("upload-refused-zip-bomb");
      long rssAfter = kiln.residentKib();
      Files.writeString(
          Path.of("target", "e2e", "plugin-trial-rss.txt"),
          "Kiln's resident memory before three"
              + " hostile uploads: "
              + rssBefore / 1024
              + " MiB, after: "
              + rssAfter / 1024
              + " MiB\n");
      // Before the trial, the bomb alone took Kiln from 0.7 to 4.8 GB; a trial's memory is another
      // process's.
      assertThat(rssAfter - rssBefore)
          .as("growth of Kiln's resident memory in KiB")
          .isLessThan(512 * 1024);
      assertThat(list(temp)).as("Kiln's temporary folder after the uploads").isEqualTo(tempBefore);
      assertThat(plugins.plugins()).not().containsText("exits");
      page.reload();
      assertThat(page.locator("h2")).hasText("Plugins");

      Path trials = kiln.dataDir().resolve("plugin-trials");
      try (var left = Files.list(trials)) {
        assertThat(left.toList()).as("trial folders left in " + trials).isEmpty();
      }
      assertThat(
              ProcessHandle.of(kiln.pid())
                  .orElseThrow()
                  .descendants()
                  .filter(p -> p.info().commandLine().orElse("").contains("PluginTrialMain"))
                  .toList())
          .as("trial JVMs still running")
          .isEmpty();
      assertThat(kiln.stop(Duration.ofSeconds(120)))
          .as("Kiln's exit code after SIGTERM (-1: it did not stop)")
          .isIn(0, 130, 143);
    }
  }

  private static List<Path> list(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  private static void refused(PluginsScreen plugins, Path jar, String message) {
    plugins.upload(jar);
    assertThat(plugins.uploadResult())
        .containsText(message, new LocatorAssertions.ContainsTextOptions().setTimeout(90_000));
  }

  /** A settings field the builder declared, found by its label as a user would. */
  private static Locator setting(Page page, String label) {
    return page.locator("vaadin-text-field, vaadin-integer-field, vaadin-number-field")
        .filter(new Locator.FilterOptions().setHasText(label))
        .locator("input");
  }
}
