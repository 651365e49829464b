package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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
 * A user adds a global secret in the browser, a build uses it, and the page never shows its value.
 */
class SecretsScreenIT {

  private static final String VALUE = "ui-entered-Secret-42";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void secretAddedInTheBrowserReachesTheBuildAndIsMaskedInItsLog() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "secrets-ui", Map.of());
        var browser = new Chromium("secrets-ui")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);

      var secrets = SecretsScreen.open(page);
      secrets.add("UPLOAD_TOKEN", "abc");
      assertThat(page.getByText("hide too much of every log")).isVisible();
      assertThat(secrets.valueField()).hasValue("");
      secrets.add("UPLOAD_TOKEN", VALUE);
      assertThat(secrets.rows().filter(new Locator.FilterOptions().setHasText("UPLOAD_TOKEN")))
          .hasCount(1);
      assertThat(page.locator("body")).not().containsText(VALUE);
      browser.screenshot(page, "secrets");

      page.navigate(kiln.url());
      var form = ProjectsScreen.expect(page).newProject();
      form.name("uses-a-secret")
          .script("echo \"token: $UPLOAD_TOKEN\"\n")
          .secrets("UPLOAD_TOKEN")
          .save();
      var build = ProjectScreen.expect(page, "uses-a-secret").runNow();
      build.awaitState("SUCCEEDED", Duration.ofSeconds(60));
      assertThat(build.log()).containsText("token: ***");
      assertThat(build.log()).not().containsText(VALUE);
      browser.screenshot(page, "build-with-secret");
    }
  }
}
