package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The admins' Nodes screen: the cluster's nodes and, below, the build queue. */
record NodesScreen(Page page) {

  /** Opens it from the side navigation, as an admin would. */
  static NodesScreen open(Page page) {
    page.locator("vaadin-side-nav-item")
        .filter(new Locator.FilterOptions().setHasText("Nodes"))
        .click();
    assertThat(page.locator("h2")).hasText("Nodes");
    return new NodesScreen(page);
  }

  /** The row of a node in the nodes grid (the grid renders cells in slots; this finds the cell). */
  Locator nodes() {
    return page.locator("#nodes");
  }

  Locator queue() {
    return page.locator("#build-queue-grid");
  }

  Locator queueSummary() {
    return page.locator("#build-queue-summary");
  }
}
