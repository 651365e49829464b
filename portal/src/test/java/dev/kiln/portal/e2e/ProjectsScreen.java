package dev.kiln.portal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The projects list. */
record ProjectsScreen(Page page) {

  static ProjectsScreen expect(Page page) {
    assertThat(page.locator("h2")).hasText("Projects");
    return new ProjectsScreen(page);
  }

  Locator emptyState() {
    return page.getByText("No projects yet.");
  }

  ProjectFormScreen newProject() {
    page.locator("#new-project").click();
    return ProjectFormScreen.expect(page);
  }

  ProjectScreen open(String name) {
    page.locator("#projects vaadin-grid-cell-content")
        .filter(new Locator.FilterOptions().setHasText(name))
        .first()
        .click();
    return ProjectScreen.expect(page, name);
  }
}
