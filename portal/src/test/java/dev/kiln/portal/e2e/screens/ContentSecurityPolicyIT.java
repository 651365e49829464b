package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The portal works under its Content-Security-Policy: log-in, the projects list, a project, its
 * forms and a running build's live log (pushed over a WebSocket), with no violation reported by the
 * browser, neither in the console nor as a {@code securitypolicyviolation} event.
 */
class ContentSecurityPolicyIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @LocalServerPort int port;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theAppRunsUnderItsPolicyWithoutViolations() {
    String user = "csp-" + System.nanoTime();
    TestUsers.create(users, user, PASSWORD, Role.MAINTAINER);
    String name = "csp-" + System.nanoTime();
    long project =
        as(
            user,
            List.of("ROLE_MAINTAINER"),
            () ->
                projects.create(
                    new ProjectDraft(
                        name,
                        "",
                        "local",
                        Map.of("kill-grace-seconds", "1"),
                        "for i in 1 2 3 4 5; do echo \"line $i\"; sleep 1; done\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    List<String> violations = new CopyOnWriteArrayList<>();
    try (var browser = new Chromium("csp")) {
      Page page = browser.newPage();
      page.onConsoleMessage(
          message -> {
            if (message.text().contains("Content Security Policy")
                || message.text().contains("Content-Security-Policy")) {
              violations.add("console: " + message.text());
            }
          });
      page.addInitScript(
          "document.addEventListener('securitypolicyviolation', e =>"
              + " (window.kilnCspViolations = window.kilnCspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI));");

      // The first page of a fresh portal may take longer than an assertion waits.
      page.navigate(url("/login"));
      page.locator("vaadin-login-form").waitFor();
      new LoginScreen(page).logIn(user, PASSWORD);
      page.locator("#projects, #no-projects").first().waitFor();
      ProjectsScreen.expect(page).open(name);
      page.locator("#tab-schedules").click();
      page.locator("#schedules").waitFor();
      long build = as(user, List.of("ROLE_MAINTAINER"), () -> projects.runNow(project, "csp"));
      page.navigate(url("/builds/" + build));
      var screen = BuildScreen.expect(page);
      // Lines that arrive after the page opened come by push.
      assertThat(screen.log())
          .containsText("line 5", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
      screen.awaitState("SUCCEEDED", Duration.ofSeconds(60));
      browser.screenshot(page, "build-under-csp");
      page.navigate(url("/projects/edit/" + project));
      page.locator("#project-name").waitFor();
      violations.addAll(events(page));
      page.navigate(url("/account/tokens"));
      page.locator("#tokens").waitFor();
      violations.addAll(events(page));
    }
    Assertions.assertThat(violations).as("Content-Security-Policy violations").isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<String> events(Page page) {
    Object found = page.evaluate("() => window.kilnCspViolations || []");
    return ((List<Object>) found).stream().map(v -> "event: " + v).toList();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
