package dev.kiln.portal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The admins' read-only list of loaded plugins and failed jars. */
record PluginsScreen(Page page) {

  /** Opens it from the side navigation, as an admin would. */
  static PluginsScreen open(Page page) {
    page.locator("vaadin-side-nav-item").filter(new Locator.FilterOptions().setHasText("Plugins")).click();
    assertThat(page.locator("h2")).hasText("Plugins");
    return new PluginsScreen(page);
  }

  /** The grid of loaded plugins. */
  Locator plugins() {
    return page.locator("#plugins");
  }

  /** The row of the loaded plugin with this id. */
  Locator plugin(String id) {
    return plugins().locator("vaadin-grid-cell-content").getByText(id, new Locator.GetByTextOptions().setExact(true));
  }

  /** The list of jars that failed to load. */
  Locator failures() {
    return page.locator("#plugin-failures");
  }
}
