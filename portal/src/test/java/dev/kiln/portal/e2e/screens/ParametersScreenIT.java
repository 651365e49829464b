package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.Selects;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Declared parameters in the browser, as a maintainer meets them: the project form's Parameters
 * section refuses a start-up variable under its field, "Run now" asks for the values with the
 * defaults filled in and checks the pattern, the build page shows what the build ran with, and the
 * schedule dialog offers the declared parameters.
 */
class ParametersScreenIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final AtomicInteger names = new AtomicInteger();

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @LocalServerPort int port;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aMaintainerDeclaresParametersRunsWithThemAndSeesThemOnTheBuild() {
    String maintainer = "params-ui-" + names.incrementAndGet();
    TestUsers.create(users, maintainer, PASSWORD, Role.MAINTAINER);
    String name = "release-" + names.incrementAndGet();
    try (var browser = new Chromium("parameters")) {
      Page page = browser.newPage();
      page.navigate(url("/login"));
      page.locator("vaadin-login-form").waitFor();
      new LoginScreen(page).logIn(maintainer, PASSWORD);
      page.locator("#projects, #no-projects").first().waitFor();
      page.navigate(url("/projects/edit"));

      // Other tests in this context add builders; this one needs the shell.
      var form =
          ProjectFormScreen.expect(page)
              .builder("Local shell")
              .name(name)
              .script("echo \"channel=$CHANNEL version=$VERSION\"\n");
      int channel = form.addParameter("BASH_ENV", "", "stable\nbeta", "");
      int version = form.addParameter("VERSION", "1.0", "", "[0-9]+\\.[0-9]+\\.[0-9]+");
      form.save();
      assertThat(form.parameterError(channel, "name"))
          .containsText("BASH_ENV is reserved: bash reads it");
      assertThat(form.parameterError(version, "default")).containsText("must match the pattern");
      browser.screenshot(page, "form-refuses-a-start-up-variable");

      form.parameterField(channel, "name").locator("input").fill("CHANNEL");
      form.parameterField(version, "default").locator("input").fill("1.0.0");
      form.save();
      var project = ProjectScreen.expect(page, name);
      assertThat(page.locator("#project-parameters")).hasText("CHANNEL, VERSION");
      long id = Long.parseLong(page.url().replaceAll(".*/projects/(\\d+).*", "$1"));
      Assertions.assertThat(
              as(maintainer, List.of("ROLE_MAINTAINER"), () -> projects.find(id))
                  .orElseThrow()
                  .parameters())
          .hasSize(2);

      project.runDialog();
      assertThat(page.locator("#parameter-CHANNEL")).containsText("stable");
      assertThat(page.locator("#parameter-VERSION input")).hasValue("1.0.0");
      page.locator("#parameter-VERSION input").fill("2.x; id");
      page.locator("#parameter-VERSION input").press("Tab");
      assertThat(page.locator("#parameter-VERSION[invalid] [slot='error-message']"))
          .containsText("must match");
      browser.screenshot(page, "run-now-checks-the-pattern");
      Selects.choose(page, "parameter-CHANNEL", "beta");
      page.locator("#parameter-VERSION input").fill("2.0.0");
      page.locator("#run-with-parameters").click();

      var build = BuildScreen.expect(page);
      build.awaitState("SUCCEEDED", Duration.ofSeconds(90));
      assertThat(page.locator("#build-parameters")).containsText("CHANNEL=beta");
      assertThat(page.locator("#build-parameters")).containsText("VERSION=2.0.0");
      assertThat(build.log()).containsText("channel=beta version=2.0.0");
      Assertions.assertThat(as(maintainer, List.of(), () -> builds.parameters(build.id())))
          .isEqualTo(Map.of("CHANNEL", "beta", "VERSION", "2.0.0"));
      browser.screenshot(page, "build-shows-its-parameters");

      page.navigate(url("/projects/" + id));
      page.locator("#project-tabs").waitFor();
      var schedules = SchedulesScreen.open(page);
      schedules.add();
      assertThat(page.locator("#parameter-VERSION input"))
          .hasAttribute("placeholder", "default: 1.0.0");
      browser.screenshot(page, "schedule-offers-the-declared-parameters");
    }
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
