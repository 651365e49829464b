package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;

/** The log-in page. */
public record LoginScreen(Page page) {

  public static LoginScreen open(Page page, String url) {
    page.navigate(url);
    assertThat(page.locator("vaadin-login-form")).isVisible();
    return new LoginScreen(page);
  }

  public void logIn(String user, String password) {
    page.locator("vaadin-login-form input[name='username']").fill(user);
    page.locator("vaadin-login-form input[name='password']").fill(password);
    page.locator("vaadin-login-form vaadin-button[slot='submit']").click();
  }

  /** The form's error after a failed log-in. */
  public void expectError() {
    assertThat(page.locator("vaadin-login-form-wrapper")).hasAttribute("error", "");
  }
}
