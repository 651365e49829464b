package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.regex.Pattern;

/** The Schedules tab of a project's page, and its add/edit and fires dialogs. */
record SchedulesScreen(Page page) {

  /** Opens the tab on the project page already shown. */
  static SchedulesScreen open(Page page) {
    page.locator("#tab-schedules").click();
    page.locator("#schedules").waitFor();
    return new SchedulesScreen(page);
  }

  /** The grid's cells. */
  Locator cells() {
    return page.locator("#schedules vaadin-grid-cell-content");
  }

  /**
   * The cells whose whole text is {@code text} (escaped by hand: the browser's regular expressions
   * lack Java's quoting).
   */
  Locator cell(String text) {
    String escaped = text.replaceAll("\\W", "\\\\$0");
    return cells()
        .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + escaped + "$")));
  }

  /** The next fire time in the schedule's zone, or "paused". */
  Locator nextFire(long scheduleId) {
    return page.locator("#schedule-next-" + scheduleId);
  }

  /** The cell with the schedule's zone and next fire time. */
  Locator zoneAndNextFire(long scheduleId) {
    return cells().filter(new Locator.FilterOptions().setHas(nextFire(scheduleId)));
  }

  Locator addButton() {
    return page.locator("#add-schedule");
  }

  Locator button(String action, long scheduleId) {
    return page.locator("#" + action + "-schedule-" + scheduleId);
  }

  Locator state(long scheduleId) {
    return page.locator("#schedule-state-" + scheduleId);
  }

  Form add() {
    addButton().click();
    return Form.expect(page);
  }

  Form edit(long scheduleId) {
    button("edit", scheduleId).click();
    return Form.expect(page);
  }

  void toggle(long scheduleId) {
    button("toggle", scheduleId).click();
  }

  void delete(long scheduleId) {
    button("delete", scheduleId).click();
    page.locator("#confirm-delete-schedule").click();
  }

  /** Opens the fires dialog and returns its grid. */
  Locator fires(long scheduleId) {
    button("fires", scheduleId).click();
    Locator grid = page.locator("#schedule-fires");
    grid.waitFor();
    return grid;
  }

  /** The add/edit dialog. */
  record Form(Page page) {

    static Form expect(Page page) {
      page.locator("#schedule-expression").waitFor();
      return new Form(page);
    }

    Form name(String name) {
      page.locator("#schedule-name input").fill(name);
      return this;
    }

    /** Types the expression as a user would; the dialog explains it once typing pauses. */
    Form expression(String expression) {
      page.locator("#schedule-expression input").fill(expression);
      return this;
    }

    /**
     * Types a zone into the combo box and presses Enter, which picks a listed zone or takes a typed
     * one.
     */
    Form zone(String zone) {
      Locator input = page.locator("#schedule-zone input");
      input.fill(zone);
      input.press("Enter");
      return this;
    }

    /** Types a value for one of the project's declared parameters. */
    Form parameter(String name, String value) {
      page.locator("#parameter-" + name + " input").fill(value);
      return this;
    }

    Locator description() {
      return page.locator("#schedule-description");
    }

    Locator nextFires() {
      return page.locator("#schedule-next-fires li");
    }

    /** The error shown on a field: name, expression, zone or parameters. */
    Locator error(String field) {
      return page.locator("#schedule-" + field + " [slot='error-message']");
    }

    Locator field(String field) {
      return page.locator("#schedule-" + field);
    }

    /** The text field or combo box's input, whose value is what the user typed or picked. */
    Locator input(String field) {
      return page.locator("#schedule-" + field + " input");
    }

    Locator saveButton() {
      return page.locator("#save-schedule");
    }

    void save() {
      saveButton().click();
    }

    /** Saves and waits until the dialog has closed. */
    void saveAndClose() {
      save();
      assertThat(page.locator("#schedule-expression")).hasCount(0);
    }

    void cancel() {
      page.locator("#cancel-schedule").click();
      assertThat(page.locator("#schedule-expression")).hasCount(0);
    }
  }
}
