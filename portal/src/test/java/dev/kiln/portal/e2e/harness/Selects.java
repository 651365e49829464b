package dev.kiln.portal.e2e.harness;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * Picks an item of a Vaadin select the way a user does: opens the list, waits until it is open,
 * clicks the item and waits until the list has closed again. Clicking a select whose list is still
 * closing from the previous choice is swallowed by the component, so both waits matter.
 */
public final class Selects {

  private Selects() {}

  /**
   * Opens the select with the given id and clicks the option with exactly this label (an option,
   * because the select's value button holds a copy of the chosen item).
   */
  public static void choose(Page page, String selectId, String label) {
    choose(
        page,
        selectId,
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(label).setExact(true)));
  }

  /** Opens the select with the given id and clicks {@code item}. */
  public static void choose(Page page, String selectId, Locator item) {
    open(page, selectId);
    item.click();
    assertThat(page.locator("#" + selectId)).not().hasAttribute("opened", "");
  }

  /** Opens the select's list and waits until it shows. */
  public static void open(Page page, String selectId) {
    Locator select = page.locator("#" + selectId);
    assertThat(select).not().hasAttribute("opened", "");
    select.click();
    assertThat(select).hasAttribute("opened", "");
  }
}
