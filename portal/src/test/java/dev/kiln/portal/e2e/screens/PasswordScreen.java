package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.regex.Pattern;

/**
 * Where a user chooses a new password, giving the one they log in with now; the first admin lands
 * here first.
 */
public record PasswordScreen(Page page) {

  /** The screen as a user with a one-time password is sent to it. */
  public static PasswordScreen expect(Page page) {
    assertThat(page).hasURL(Pattern.compile(".*/account/password(\\?.*)?$"));
    assertThat(page.getByText("Your password was a one-time password")).isVisible();
    assertThat(page.locator("#current-password label")).hasText("One-time password");
    return new PasswordScreen(page);
  }

  /** The screen as a user opens it to change their own password. */
  public static PasswordScreen open(Page page, String url) {
    page.navigate(url + "account/password");
    assertThat(page.getByText("Choose a new password.")).isVisible();
    assertThat(page.locator("#current-password label")).hasText("Current password");
    return new PasswordScreen(page);
  }

  /** Replaces {@code current} (the one-time password, or the user's own) with {@code password}. */
  public void choose(String current, String password) {
    fill(current, password, password);
  }

  public void fill(String current, String password, String repeat) {
    page.locator("#current-password input").fill(current);
    page.locator("#new-password input").fill(password);
    page.locator("#repeat-password input").fill(repeat);
    page.locator("#set-password").click();
  }

  /**
   * The error shown under a field: {@code current-password}, {@code new-password} or {@code
   * repeat-password}.
   */
  public Locator error(String field) {
    return page.locator("#" + field + " [slot='error-message']");
  }
}
