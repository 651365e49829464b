package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** A project's Webhook tab. */
record WebhookScreen(Page page) {

  /** Opens the tab on the project page shown. */
  static WebhookScreen open(Page page) {
    page.locator("#tab-webhook").click();
    assertThat(page.locator("#webhook-status")).isVisible();
    return new WebhookScreen(page);
  }

  Locator status() {
    return page.locator("#webhook-status");
  }

  /** Enables the webhook and returns the secret, as the tab shows it this once. */
  String enable() {
    page.locator("#webhook-enable").click();
    assertThat(page.locator("#webhook-key input")).not().hasValue("");
    return page.locator("#webhook-key input").inputValue();
  }

  Locator key() {
    return page.locator("#webhook-key");
  }

  Locator url() {
    return page.locator("#webhook-url input");
  }

  void copyUrl() {
    page.locator("#webhook-copy-url").click();
  }

  Locator deliveries() {
    return page.locator("#webhook-deliveries vaadin-grid-cell-content");
  }
}
