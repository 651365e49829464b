package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import dev.kiln.portal.e2e.harness.Selects;
import java.util.Map;

/** The admins' Builders screen: builder instances, their health, and approvals. */
record BuildersScreen(Page page) {

  /** Opens it from the side navigation, as an admin would. */
  static BuildersScreen open(Page page) {
    page.locator("vaadin-side-nav-item")
        .filter(new Locator.FilterOptions().setHasText("Builders"))
        .click();
    assertThat(page.locator("h2")).hasText("Builders");
    return new BuildersScreen(page);
  }

  /** Creates an instance of the builder with this label, filling text settings by key. */
  void create(String builder, String name, Map<String, String> settings) {
    create(builder, name, settings, Map.of());
  }

  /** Creates an instance, filling text settings and picking choices, by key. */
  void create(
      String builder, String name, Map<String, String> settings, Map<String, String> choices) {
    fill(builder, name, settings, choices);
    save();
  }

  /** Opens the new-instance dialog and fills it, without saving. */
  void fill(
      String builder, String name, Map<String, String> settings, Map<String, String> choices) {
    page.locator("#new-instance").click();
    page.locator("#instance-name input").fill(name);
    Selects.choose(page, "instance-builder", builder);
    settings.forEach(
        (key, value) ->
            page.locator("#setting-" + key + " input, #setting-" + key + " textarea").fill(value));
    choices.forEach((key, value) -> Selects.choose(page, "setting-" + key, value));
  }

  /** Saves the open instance dialog. */
  void save() {
    page.locator("#save-instance").click();
    assertThat(page.locator("vaadin-dialog-overlay[opened]")).hasCount(0);
  }

  /**
   * Opens an instance's edit dialog. The screen redraws its grid every few seconds, and a click
   * that lands on a button just replaced does nothing: click again until the dialog opens.
   */
  void edit(long id) {
    Locator dialog = page.locator("vaadin-dialog-overlay[opened]");
    for (int attempt = 0; attempt < 5 && dialog.count() == 0; attempt++) {
      page.locator("#edit-" + id).click();
      try {
        dialog.waitFor(new Locator.WaitForOptions().setTimeout(3000));
      } catch (TimeoutError e) {
        // clicked a replaced button; again
      }
    }
    assertThat(dialog).hasCount(1);
  }

  /** The health badge shown for an instance, by its text ("up", "needs approval"...). */
  Locator health(String state) {
    return page.locator("#builder-instances .state")
        .getByText(state, new Locator.GetByTextOptions().setExact(true));
  }

  /** The approval boxes waiting for an admin. */
  Locator approvals() {
    return page.locator("#instance-approvals .approval");
  }
}
