package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the project form and the Builders screen say about the Local shell builder's sandbox: what
 * it protects when it works, why the builder is unavailable when it cannot work, and the risk when
 * an admin turned it off.
 */
class LocalSandboxScreensIT {

  @TempDir Path tmp;

  /**
   * A page once Kiln serves its log-in form. Generous: a loaded machine starts Kiln and renders its
   * first page slowly, and the page objects wait only seconds.
   */
  private static Page ready(KilnProcess kiln, Chromium browser) throws Exception {
    kiln.awaitReady();
    Page page = browser.newPage();
    page.navigate(kiln.url() + "login");
    page.locator("vaadin-login-form").waitFor(new Locator.WaitForOptions().setTimeout(120_000));
    return page;
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theProjectFormSaysWhatTheSandboxProtectsAndWhatNot() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "sandbox-on", Map.of());
        var browser = new Chromium("sandbox-on")) {
      Page page = ready(kiln, browser);
      NewUserWalk.firstLogIn(kiln, browser, page).newProject();

      assertThat(page.getByText("in a bubblewrap sandbox"))
          .containsText("It shares the host's network");
      browser.screenshot(page, "project-form");
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aSandboxThatCannotWorkMakesTheBuilderUnavailableWithTheReason() throws Exception {
    // A relative folder is refused as bubblewrap's absence is: the builder is unavailable, never
    // unsandboxed.
    try (var kiln =
            KilnProcess.start(
                tmp.resolve("home"),
                "sandbox-broken",
                Map.of("KILN_LOCAL_SANDBOX_READ_ONLY", "tools"));
        var browser = new Chromium("sandbox-broken")) {
      Page page = ready(kiln, browser);
      NewUserWalk.firstLogIn(kiln, browser, page);

      BuildersScreen.open(page);
      assertThat(page.locator("#builder-instances"))
          .containsText("KILN_LOCAL_SANDBOX_READ_ONLY names tools");
      browser.screenshot(page, "builders");
      page.navigate(kiln.url());
      var form = ProjectsScreen.expect(page).newProject();
      Assertions.assertThat(form.builderChoices()).containsExactly("Local shell (unavailable)");
      assertThat(page.getByText("No builder can run builds on this Kiln yet")).isVisible();
      browser.screenshot(page, "project-form");
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void turnedOffTheSandboxIsShownAsTheRiskItIs() throws Exception {
    try (var kiln =
            KilnProcess.start(
                tmp.resolve("home"), "sandbox-off", Map.of("KILN_LOCAL_SANDBOX", "off"));
        var browser = new Chromium("sandbox-off")) {
      Page page = ready(kiln, browser);
      NewUserWalk.firstLogIn(kiln, browser, page).newProject();

      assertThat(page.getByText("WITHOUT a sandbox"))
          .containsText("read Kiln's keys and database password");
      browser.screenshot(page, "project-form");
    }
  }
}
