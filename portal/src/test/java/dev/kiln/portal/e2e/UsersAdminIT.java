package dev.kiln.portal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An admin creates a maintainer in the Users screen; the maintainer logs in with the one-time password. */
class UsersAdminIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void adminCreatesAUserWhoLogsInAndChoosesAPassword() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "users", Map.of());
        var browser = new Chromium("users")) {
      kiln.awaitReady(Duration.ofSeconds(120));
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);
      page.getByText("Users").first().click();
      assertThat(page.locator("h2")).hasText("Users");

      page.locator("#new-user").click();
      page.locator("#new-user-name input").fill("bob");
      page.locator("#create-user").click();
      String password = page.locator("#one-time-password").textContent();
      browser.screenshot(page, "one-time-password");
      page.getByText("Done").click();
      assertThat(page.locator("#users vaadin-grid-cell-content").getByText("bob", new com.microsoft.playwright.Locator.GetByTextOptions().setExact(true))).isVisible();
      browser.screenshot(page, "users");

      Page bob = browser.newIsolatedPage();
      LoginScreen.open(bob, kiln.url()).logIn("bob", password);
      PasswordScreen.expect(bob).choose("bobs-own-long-password");
      ProjectsScreen.expect(bob);
      assertThat(bob.locator("#current-user")).hasText("bob · maintainer");
      assertThat(bob.getByText("Users")).hasCount(0);
      bob.navigate(kiln.url() + "admin/users");
      assertThat(bob.locator("#access-denied h2")).hasText("Not available to you");
      bob.navigate(kiln.url() + "projects/999999");
      assertThat(bob.locator("#not-found")).containsText("No such project.");
      browser.screenshot(bob, "maintainer-sees-no-users-screen");
    }
  }
}
