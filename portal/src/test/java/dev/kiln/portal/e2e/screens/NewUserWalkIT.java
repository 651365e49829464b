package dev.kiln.portal.e2e.screens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's start command, then the walk a new user takes, in headless Chromium. */
class NewUserWalkIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void startsWithNoConfigurationAndRunsABuildEndToEnd() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "new-user", Map.of());
        var browser = new Chromium("local")) {
      Duration startup = kiln.awaitReady();
      System.out.println("Kiln served its log-in page " + startup.toMillis() + " ms after start");
      assertThat(kiln.oneTimePassword()).isPresent();
      assertThat(kiln.consoleText()).contains("Logs and artifacts are stored in local folder");

      NewUserWalk.walk(kiln, browser, NewUserWalk.input(tmp));

      assertThat(kiln.dataDir().resolve("storage/builds")).isDirectory();
    }
  }
}
