package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.regex.Pattern;

/** The user's API tokens screen. */
record ApiTokensScreen(Page page) {

  /** Opens it from the side navigation, as a user would. */
  static ApiTokensScreen open(Page page) {
    page.locator("vaadin-side-nav-item")
        .filter(new Locator.FilterOptions().setHasText("API tokens"))
        .click();
    assertThat(page.locator("h2")).hasText("API tokens");
    return new ApiTokensScreen(page);
  }

  /** Creates a token with the default scope (read) and returns the value the dialog shows once. */
  String create(String name, int days) {
    page.locator("#new-token").click();
    page.locator("#new-token-name input").fill(name);
    page.locator("#new-token-days input").fill(Integer.toString(days));
    page.locator("#create-token").click();
    Locator value = page.locator("#token-value");
    assertThat(value).hasText(Pattern.compile("kiln_\\w{40}"));
    String shown = value.textContent();
    page.locator("#token-done").click();
    return shown;
  }

  void revoke(String name) {
    page.locator("#tokens vaadin-button")
        .filter(new Locator.FilterOptions().setHasText("Revoke"))
        .first()
        .click();
    assertThat(page.getByText("Token '" + name + "' revoked.")).isVisible();
  }

  Locator rows() {
    return page.locator("#tokens vaadin-grid-cell-content");
  }
}
