package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Selects;
import java.time.LocalDate;

/** The admins' audit log. */
record AuditScreen(Page page) {

  /** Opens it from the side navigation, as an admin would. */
  static AuditScreen open(Page page) {
    page.locator("vaadin-side-nav-item")
        .filter(new Locator.FilterOptions().setHasText("Audit log"))
        .click();
    assertThat(page.locator("h2")).hasText("Audit log");
    return new AuditScreen(page);
  }

  void filterByAction(String code) {
    Selects.choose(page, "audit-action", code);
  }

  void filterByActor(String name) {
    page.locator("#audit-actor input").fill(name);
  }

  /** Sets the "From" day, or clears it with {@code null}. */
  void filterFrom(LocalDate day) {
    page.locator("#audit-from input").fill(day == null ? "" : day.toString());
    page.locator("#audit-from input").press("Enter");
  }

  /** The visible cells showing exactly {@code text}. */
  Locator cells(String text) {
    return page.locator("#audit vaadin-grid-cell-content")
        .getByText(text, new Locator.GetByTextOptions().setExact(true))
        .filter(new Locator.FilterOptions().setVisible(true));
  }
}
