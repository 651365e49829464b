package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.kiln.portal.e2e.harness.Selects;
import java.util.List;
import java.util.regex.Pattern;

/** The project form. */
public record ProjectFormScreen(Page page) {

  public static ProjectFormScreen expect(Page page) {
    assertThat(page.locator("#project-name")).isVisible();
    return new ProjectFormScreen(page);
  }

  public ProjectFormScreen name(String name) {
    page.locator("#project-name input").fill(name);
    return this;
  }

  public ProjectFormScreen script(String script) {
    page.locator("#project-script textarea").fill(script);
    return this;
  }

  public ProjectFormScreen artifacts(String... patterns) {
    page.locator("#project-artifacts textarea").fill(String.join("\n", patterns));
    return this;
  }

  public ProjectFormScreen secrets(String names) {
    page.locator("#project-secrets input").fill(names);
    return this;
  }

  public ProjectFormScreen priority(String priority) {
    page.locator("#project-priority input").fill(priority);
    return this;
  }

  public ProjectFormScreen retries(String retries) {
    page.locator("#project-retries input").fill(retries);
    return this;
  }

  /** The builder shown as chosen (the select's value button, not its whole item list). */
  public Locator builder() {
    return page.locator("#project-builder > vaadin-select-value-button");
  }

  public ProjectFormScreen builder(String label) {
    Selects.choose(page, "project-builder", label);
    return this;
  }

  /**
   * Opens the builder list and returns the labels of all its choices, unavailable ones included.
   */
  public List<String> builderChoices() {
    Selects.open(page, "project-builder");
    Locator options = page.getByRole(AriaRole.OPTION);
    assertThat(options.first()).isVisible();
    List<String> labels = options.allInnerTexts().stream().map(String::strip).toList();
    page.keyboard().press("Escape");
    return labels;
  }

  /**
   * Adds a parameter row and fills it in; {@code choices} one per line, or empty.
   *
   * @return the row's index
   */
  public int addParameter(String name, String defaultValue, String choices, String pattern) {
    Locator rows = page.locator(".parameter-row");
    int index = rows.count();
    page.locator("#add-parameter").click();
    assertThat(rows).hasCount(index + 1); // the row comes with the server's answer
    Locator row = rows.nth(index);
    row.locator(".parameter-name input").fill(name);
    row.locator(".parameter-description input").fill("What " + name.toLowerCase() + " means");
    row.locator(".parameter-default input").fill(defaultValue);
    row.locator(".parameter-choices textarea").fill(choices);
    row.locator(".parameter-pattern input").fill(pattern);
    return index;
  }

  /** One field of a parameter row: name, default, choices or pattern. */
  public Locator parameterField(int row, String field) {
    return page.locator(".parameter-row").nth(row).locator(".parameter-" + field);
  }

  /** The error shown under one field of a parameter row. */
  public Locator parameterError(int row, String field) {
    return page.locator(".parameter-row")
        .nth(row)
        .locator(".parameter-" + field + "[invalid] [slot='error-message']");
  }

  /** The error shown under a field, by its id. */
  public Locator error(String fieldId) {
    return page.locator("#" + fieldId + "[invalid] [slot='error-message']");
  }

  /** The repository's address, default branch and credential (a secret's name, or empty). */
  public ProjectFormScreen repository(String url, String branch, String credential) {
    page.locator("#project-repository input").fill(url);
    page.locator("#project-branch input").fill(branch);
    Locator combo = page.locator("#project-credential input");
    combo.fill(credential);
    combo.press("Enter");
    return this;
  }

  /** Clicks "Check access" and waits for a runner's answer (or the end of the wait). */
  public Locator checkAccess() {
    page.locator("#check-access").click();
    Locator answer = page.locator("#check-access-answer");
    assertThat(answer)
        .hasAttribute(
            "data-state",
            Pattern.compile("ok|problem"),
            new LocatorAssertions.HasAttributeOptions().setTimeout(90_000));
    return answer;
  }

  public void save() {
    page.locator("#save-project").click();
  }
}
