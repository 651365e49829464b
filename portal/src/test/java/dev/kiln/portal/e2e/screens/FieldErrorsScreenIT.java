package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.schedule.ScheduleService;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Save never does "nothing": an over-long value is refused under its field with the limit, on the
 * schedule dialog, the project form and the secrets screen; a schedule that fires more than once a
 * minute is refused for a maintainer under the expression; and a failure nobody foresaw shows a
 * notification with the error id that Kiln logged.
 */
class FieldErrorsScreenIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final AtomicInteger names = new AtomicInteger();

  /** A valid expression of 250 characters: Mondays at 10:00, Monday listed 121 times. */
  private static final String LONG_EXPRESSION = "0 10 * * 1" + ",1".repeat(120);

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired ScheduleService schedules;
  @Autowired SecretService secrets;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theScheduleDialogNamesTheFieldTheLimitAndTheErrorId() {
    int n = names.incrementAndGet();
    String maintainer = "field-errors-" + n;
    TestUsers.create(users, maintainer, PASSWORD, Role.MAINTAINER);
    long project =
        as(
            maintainer,
            List.of("ROLE_MAINTAINER"),
            () ->
                projects.create(
                    new ProjectDraft(
                        "field-errors-" + n,
                        "",
                        "local",
                        Map.of(),
                        "echo hi\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    String refusedName = "refused-by-test-" + n;
    try (var browser = new Chromium("field-errors")) {
      Page page = logIn(browser.newPage(), maintainer, "/projects/" + project);
      page.locator("#project-tabs").waitFor();
      var form = SchedulesScreen.open(page).add();

      assertThat(LONG_EXPRESSION).hasSize(250);
      form.name("long").expression(LONG_EXPRESSION);
      assertThat(form.error("expression")).hasText("Use at most 200 characters; this has 250.");
      assertThat(form.saveButton()).isDisabled();
      browser.screenshot(page, "schedule-expression-too-long");

      form.expression("*/30 * * * * ?");
      assertThat(form.error("expression"))
          .containsText(
              "only an admin may save a schedule that fires more often" + " than once a minute");
      assertThat(form.saveButton()).isDisabled();
      browser.screenshot(page, "schedule-sub-minute-refused");

      form.expression("0 3 * * *").name("n".repeat(101));
      form.save();
      assertThat(form.error("name")).hasText("Use at most 100 characters; this has 101.");
      browser.screenshot(page, "schedule-name-too-long");

      // A constraint no check knows about: the database refuses, and the user gets the error id.
      jdbc.execute(
          "alter table schedules add constraint kiln_test_refuses_"
              + n
              + " check (name <> '"
              + refusedName
              + "')");
      form.name(refusedName);
      form.save();
      Locator notice =
          page.locator("vaadin-notification-card")
              .filter(new Locator.FilterOptions().setHasText("error id"));
      assertThat(notice).containsText(Pattern.compile("error id [A-Za-z0-9]{12}"));
      assertThat(form.saveButton()).isVisible(); // the dialog stays open with what was typed
      browser.screenshot(page, "schedule-unexpected-error-id");
    } finally {
      jdbc.execute("alter table schedules drop constraint if exists kiln_test_refuses_" + n);
    }
    assertThat(as(maintainer, List.of("ROLE_MAINTAINER"), () -> schedules.list(project))).isEmpty();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theProjectFormAndTheSecretsScreenNameTheFieldAndTheLimit() {
    int n = names.incrementAndGet();
    String admin = "field-errors-admin-" + n;
    TestUsers.create(users, admin, PASSWORD, Role.ADMIN);
    long project =
        as(
            admin,
            List.of("ROLE_ADMIN"),
            () ->
                projects.create(
                    new ProjectDraft(
                        "field-errors-form-" + n,
                        "",
                        "local",
                        Map.of(),
                        "echo hi\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    try (var browser = new Chromium("field-errors-forms")) {
      Page page = logIn(browser.newPage(), admin, "/projects/edit/" + project);
      var form = ProjectFormScreen.expect(page);
      form.name("p".repeat(101));
      page.locator("#project-description textarea").fill("d".repeat(2001));
      form.save();
      assertThat(form.error("project-name")).hasText("Use at most 100 characters; this has 101.");
      assertThat(form.error("project-description"))
          .hasText("Use at most 2000 characters; this has 2001.");
      assertThat(page.locator("#project-name")).isInViewport(); // Save is at the bottom of the form
      browser.screenshot(page, "project-form-too-long");

      page.navigate(url("/"));
      SecretsScreen.open(page);
      page.locator("#secret-name input").fill("FIELD_ERRORS_" + n);
      page.locator("#secret-description input").fill("s".repeat(501));
      page.locator("#secret-value input").fill("a long enough value");
      page.locator("#add-secret").click();
      assertThat(page.locator("#secret-description[invalid] [slot='error-message']"))
          .hasText("Use at most 500 characters; this has 501.");
      browser.screenshot(page, "secret-description-too-long");
    }
    assertThat(as(admin, List.of("ROLE_ADMIN"), () -> projects.find(project)).orElseThrow().name())
        .isEqualTo("field-errors-form-" + n);
    assertThat(as(admin, List.of("ROLE_ADMIN"), () -> secrets.list(null)))
        .noneMatch(s -> s.name().equals("FIELD_ERRORS_" + n));
  }

  private Page logIn(Page page, String user, String then) {
    page.navigate(url("/login"));
    page.locator("vaadin-login-form")
        .waitFor(); // the first page a fresh portal serves can take a while
    new LoginScreen(page).logIn(user, PASSWORD);
    page.locator("#projects, #no-projects").first().waitFor();
    page.navigate(url(then));
    return page;
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
