package dev.kiln.portal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.regex.Pattern;

/** Where a user chooses a new password; the first admin lands here first. */
record PasswordScreen(Page page) {

  static PasswordScreen expect(Page page) {
    assertThat(page).hasURL(Pattern.compile(".*/account/password(\\?.*)?$"));
    assertThat(page.getByText("Your password was a one-time password")).isVisible();
    return new PasswordScreen(page);
  }

  void choose(String password) {
    page.locator("#new-password input").fill(password);
    page.locator("#repeat-password input").fill(password);
    page.locator("#set-password").click();
  }
}
