package dev.kiln.portal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;

/** A project's page. */
record ProjectScreen(Page page) {

  static ProjectScreen expect(Page page, String name) {
    assertThat(page.locator("h2")).hasText(name);
    return new ProjectScreen(page);
  }

  BuildScreen runNow() {
    page.locator("#run-now").click();
    return BuildScreen.expect(page);
  }
}
