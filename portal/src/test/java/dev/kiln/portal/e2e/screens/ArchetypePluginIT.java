package dev.kiln.portal.e2e.screens;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aProjectGeneratedFromTheArchetypeBuildsUploadsAndRunsABuild() throws Exception {
    // Kiln starts while Maven works: both take a while, and neither needs the other until upload.
    try (var session =
        PluginUploadSession.start(tmp.resolve("home"), "archetype-plugin", Map.of())) {
      long started = System.nanoTime();
      Path jar = new ArchetypeProject(tmp.resolve("author")).generateAndBuild("limited-shell");
      long buildMillis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("Archetype to built plugin jar (tests included): %d ms%n", buildMillis);
      Files.createDirectories(Path.of("target", "e2e"));
      Files.writeString(Path.of("target", "e2e", "archetype-to-jar-ms.txt"), buildMillis + "\n");

      Page page = session.signIn();
      PluginsScreen.open(page)
          .install(jar, "Installed limited-shell 1.0.0 with Limited shell (limited-shell).");
      session.screenshot("archetype-plugin-installed");

      session
          .newProjectOn("Limited shell (limited-shell)")
          .name("limited")
          .script("echo \"built by $KILN_BUILD_ID\"\nmkdir -p dist\necho made > dist/out.txt")
          .artifacts("dist/**")
          .save();
      var build = session.runSucceeds("limited", "built by ");
      session.screenshot("archetype-plugin-build-succeeded");
      assertThat(new String(build.download("dist/out.txt"), StandardCharsets.UTF_8))
          .isEqualTo("made\n");
    }
  }
}
