package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The global secrets screen. */
record SecretsScreen(Page page) {

  /** Opens it from the side navigation, as a user would. */
  static SecretsScreen open(Page page) {
    page.locator("vaadin-side-nav-item")
        .filter(new Locator.FilterOptions().setHasText("Secrets"))
        .click();
    assertThat(page.locator("h2")).hasText("Secrets");
    return new SecretsScreen(page);
  }

  void add(String name, String value) {
    page.locator("#secret-name input").fill(name);
    page.locator("#secret-value input").fill(value);
    page.locator("#add-secret").click();
  }

  /** Adds a secret whose value spans lines, such as a private key. */
  void addLines(String name, String value) {
    page.locator("#secret-name input").fill(name);
    page.locator("#secret-multiline input").check();
    page.locator("#secret-value-lines textarea").fill(value);
    page.locator("#add-secret").click();
    assertThat(page.locator("#secrets vaadin-grid-cell-content").getByText(name)).isVisible();
  }

  Locator valueField() {
    return page.locator("#secret-value input");
  }

  Locator rows() {
    return page.locator("#secrets vaadin-grid-cell-content");
  }
}
