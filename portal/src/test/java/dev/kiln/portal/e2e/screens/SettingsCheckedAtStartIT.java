package dev.kiln.portal.e2e.screens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kiln's settings are checked as the packaged jar starts: a value out of range stops it with exit
 * code 1 and a message naming the setting, the environment variable the admin set and the rule,
 * rather than being swapped for a default in silence (0 webhook deliveries at once became 16).
 */
class SettingsCheckedAtStartIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aValueOutOfRangeStopsTheStartNamingTheSetting() throws Exception {
    try (var kiln =
        KilnProcess.start(
            tmp.resolve("home"), "settings-checked", Map.of("KILN_HOOKS_AT_ONCE", "0"))) {
      assertThat(kiln.awaitExit(Duration.ofMinutes(6))).isEqualTo(1);
      assertThat(kiln.consoleText())
          .contains(
              "kiln.web.hooks-at-once (environment variable KILN_HOOKS_AT_ONCE) = \"0\": must be greater than or equal to 1");
    }
  }
}
