package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;

/**
 * The admins' Plugins screen: the upload area, the plugins with their buttons, and unreadable jars.
 */
record PluginsScreen(Page page) {

  /** Opens it from the side navigation, as an admin would. */
  static PluginsScreen open(Page page) {
    page.locator("vaadin-side-nav-item")
        .filter(new Locator.FilterOptions().setHasText("Plugins"))
        .click();
    assertThat(page.locator("h2")).hasText("Plugins");
    return new PluginsScreen(page);
  }

  /** The grid of plugins. */
  Locator plugins() {
    return page.locator("#plugins");
  }

  /** The cell holding this plugin's id. */
  Locator plugin(String id) {
    return plugins()
        .locator("vaadin-grid-cell-content")
        .getByText(id, new Locator.GetByTextOptions().setExact(true));
  }

  /** The list of jars that could not be read. */
  Locator failures() {
    return page.locator("#plugin-failures");
  }

  /** Picks a file in the upload area's file chooser, as an admin clicking "Upload Files…" does. */
  PluginsScreen upload(Path jar) {
    page.waitForFileChooser(
            () ->
                page.locator("#plugin-upload vaadin-button, #plugin-upload [slot='add-button']")
                    .first()
                    .click())
        .setFiles(jar);
    return this;
  }

  /** Uploads {@code jar} and expects the result to say {@code installed}. */
  PluginsScreen install(Path jar, String installed) {
    upload(jar);
    assertThat(uploadResult()).containsText(installed);
    return this;
  }

  /** What the last upload came to. */
  Locator uploadResult() {
    return page.locator("#plugin-upload-result");
  }

  /** Ticks "Replace version X" and installs the upload that was refused as already installed. */
  void replace() {
    page.locator("#plugin-replace").click();
    page.locator("#plugin-replace-install").click();
  }

  /**
   * Presses a plugin's button: {@code disable}, {@code enable}, {@code reload} or {@code remove}.
   */
  void press(String action, String pluginId) {
    page.locator("#" + action + "-" + pluginId).click();
  }
}
