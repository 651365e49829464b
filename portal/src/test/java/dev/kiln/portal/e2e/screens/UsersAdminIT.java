package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin creates a maintainer in the Users screen; the maintainer logs in with the one-time
 * password. A password change ends the user's other sessions, and an admin's reset ends all of
 * them.
 */
class UsersAdminIT {

  private static final String BOBS_PASSWORD = "a long password of his own";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void adminCreatesAUserWhoLogsInAndChoosesAPassword() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "users", Map.of());
        var browser = new Chromium("users")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);
      page.getByText("Users").first().click();
      assertThat(page.locator("h2")).hasText("Users");

      page.locator("#new-user").click();
      page.locator("#new-user-name input").fill("bob\u0130");
      page.locator("#create-user").click();
      assertThat(page.locator("#new-user-name [slot='error-message']"))
          .containsText("'\u0130' (U+0130) is not allowed");
      browser.screenshot(page, "new-user-name-refused");
      page.locator("#new-user-name input").fill("bob");
      page.locator("#create-user").click();
      String password = page.locator("#one-time-password").textContent();
      browser.screenshot(page, "one-time-password");
      page.getByText("Done").click();
      assertThat(
              page.locator("#users vaadin-grid-cell-content")
                  .getByText("bob", new Locator.GetByTextOptions().setExact(true)))
          .isVisible();
      browser.screenshot(page, "users");

      Page bob = browser.newIsolatedPage();
      LoginScreen.open(bob, kiln.url()).logIn("bob", password);
      var choose = PasswordScreen.expect(bob);
      choose.fill("not the one-time password", BOBS_PASSWORD, BOBS_PASSWORD);
      assertThat(choose.error("current-password")).hasText("This is not your one-time password.");
      choose.fill(password, "password1234", "password1234");
      assertThat(choose.error("new-password"))
          .hasText("This is one of the most common passwords. Choose another.");
      browser.screenshot(bob, "set-password-refused");
      choose.choose(password, BOBS_PASSWORD);
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

  /**
   * Bob changes his password in one browser: his session there goes on, the one in his other
   * browser ends. Then an admin resets it: every session of his ends, and he comes back only with
   * the new one-time password.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aPasswordChangeEndsOtherSessionsAndAResetEndsThemAll() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "sessions", Map.of());
        var browser = new Chromium("sessions")) {
      kiln.awaitReady();
      Page admin = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, admin);
      admin.navigate(kiln.url() + "admin/users");
      admin.locator("#new-user").click();
      admin.locator("#new-user-name input").fill("bob");
      admin.locator("#create-user").click();
      String oneTime = admin.locator("#one-time-password").textContent();
      admin.getByText("Done").click();

      Page bob = browser.newIsolatedPage();
      LoginScreen.open(bob, kiln.url()).logIn("bob", oneTime);
      PasswordScreen.expect(bob).choose(oneTime, BOBS_PASSWORD);
      ProjectsScreen.expect(bob);
      Page bobElsewhere = browser.newIsolatedPage();
      LoginScreen.open(bobElsewhere, kiln.url()).logIn("bob", BOBS_PASSWORD);
      ProjectsScreen.expect(bobElsewhere);

      var change = PasswordScreen.open(bob, kiln.url());
      browser.screenshot(bob, "change-password");
      change.choose(BOBS_PASSWORD, "another password of his own");
      ProjectsScreen.expect(bob);
      bob.navigate(kiln.url());
      ProjectsScreen.expect(bob);
      Chromium.openAfterLogOut(bobElsewhere, kiln.url());
      assertThat(bobElsewhere.locator("vaadin-login-form")).isVisible();

      admin.navigate(kiln.url() + "admin/users");
      admin.locator("[id='reset-password-bob']").click();
      assertThat(
              admin.getByText(
                  "bob is logged out at once, on every node, and their API tokens are revoked"))
          .isVisible();
      browser.screenshot(admin, "confirm-reset");
      admin.locator("#confirm-reset vaadin-button[slot='confirm-button']").click();
      String reset = admin.locator("#one-time-password").textContent();
      admin.getByText("Done").click();

      // Whether or not bob's page noticed by itself, his next step finds him logged out.
      Chromium.openAfterLogOut(bob, kiln.url());
      assertThat(bob.locator("vaadin-login-form")).isVisible();
      browser.screenshot(bob, "logged-out-by-reset");
      LoginScreen.open(bob, kiln.url()).logIn("bob", "another password of his own");
      new LoginScreen(bob).expectError();
      LoginScreen.open(bob, kiln.url()).logIn("bob", reset);
      PasswordScreen.expect(bob).choose(reset, "a third password of his");
      ProjectsScreen.expect(bob);

      admin.locator("[id='disable-bob']").click();
      assertThat(
              admin.getByText("bob is logged out at once, on every node, and cannot log in again"))
          .isVisible();
      browser.screenshot(admin, "confirm-disable");
      admin.locator("#confirm-disable vaadin-button[slot='confirm-button']").click();
      Chromium.openAfterLogOut(bob, kiln.url());
      assertThat(bob.locator("vaadin-login-form")).isVisible();
    }
  }
}
