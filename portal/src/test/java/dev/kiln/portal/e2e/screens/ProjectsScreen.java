package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The projects list. */
public record ProjectsScreen(Page page) {

  public static ProjectsScreen expect(Page page) {
    assertThat(page.locator("h2")).hasText("Projects");
    return new ProjectsScreen(page);
  }

  public Locator emptyState() {
    return page.getByText("No projects yet.");
  }

  public ProjectFormScreen newProject() {
    page.locator("#new-project").click();
    return ProjectFormScreen.expect(page);
  }

  public ProjectScreen open(String name) {
    page.locator("#projects vaadin-grid-cell-content")
        .filter(new Locator.FilterOptions().setHasText(name))
        .first()
        .click();
    return ProjectScreen.expect(page, name);
  }
}
