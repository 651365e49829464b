package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.regex.Pattern;

/** A project's page. */
public record ProjectScreen(Page page) {

  public static ProjectScreen expect(Page page, String name) {
    // The address too: after a save the heading can show before it leaves projects/edit.
    assertThat(page).hasURL(Pattern.compile(".*/projects/\\d+([?#/].*)?$"));
    assertThat(page.locator("h2")).hasText(name);
    return new ProjectScreen(page);
  }

  /** Run now on a project with parameters: the dialog that asks for them. */
  public Locator runDialog() {
    page.locator("#run-now").click();
    Locator dialog = page.locator("vaadin-dialog-overlay");
    assertThat(page.locator("#run-parameters")).isVisible();
    return dialog;
  }

  public BuildScreen runNow() {
    page.locator("#run-now").click();
    return BuildScreen.expect(page);
  }
}
