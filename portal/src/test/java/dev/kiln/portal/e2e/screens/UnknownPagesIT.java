package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Addresses that lead nowhere: a logged-in user gets Kiln's "not found" page with a way back (never
 * a bare 403, never the project an odd spelling of its id would parse to), a stranger the log-in
 * page, and a page the user's role does not allow says so in words.
 */
class UnknownPagesIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @LocalServerPort int port;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void unknownAddressesShowNotFoundToUsersAndTheLogInPageToStrangers() {
    String owner = "pages-owner-" + System.nanoTime();
    String viewer = "pages-viewer-" + System.nanoTime();
    TestUsers.create(users, owner, PASSWORD, Role.MAINTAINER);
    TestUsers.create(users, viewer, PASSWORD, Role.VIEWER);
    String name = "pages-" + System.nanoTime();
    long project =
        as(
            owner,
            List.of("ROLE_MAINTAINER"),
            () -> {
              long id =
                  projects.create(
                      new ProjectDraft(
                          name,
                          "",
                          "local",
                          Map.of("kill-grace-seconds", "1"),
                          "echo hi\n",
                          List.of(),
                          Duration.ofMinutes(1)));
              members.add(id, viewer, ProjectRole.VIEWER);
              return id;
            });
    long build = as(owner, List.of("ROLE_MAINTAINER"), () -> projects.runNow(project, "pages"));
    String p = Long.toString(project);
    List<String> unknown =
        new ArrayList<>(
            List.of(
                "/projects",
                "/builds",
                "/nope",
                "/projects/edit/x",
                "/projects/99999999999999999999",
                "/builds/" + build + "0000000000000000000"));
    for (String spelling :
        List.of("%2B" + p, "0" + p, "-0" + p, otherDigits(p, '\uFF10'), otherDigits(p, '\u0660'))) {
      unknown.add("/projects/" + spelling);
      unknown.add("/projects/edit/" + spelling);
    }
    unknown.add("/builds/%2B" + build);
    unknown.add("/builds/0" + build);

    List<String> wrong = new ArrayList<>();
    try (var browser = new Chromium("pages")) {
      Page page = browser.newPage();
      // The first page of a fresh portal may take longer than an assertion waits.
      page.navigate(url("/login"));
      page.locator("vaadin-login-form").waitFor();
      new LoginScreen(page).logIn(viewer, PASSWORD);
      page.locator("#projects, #no-projects").first().waitFor();
      ProjectsScreen.expect(page);
      page.navigate(url("/projects/" + p));
      assertThat(page.locator("#project-tabs")).isVisible();

      for (String path : unknown) {
        page.navigate(url(path));
        if (!shows(page, "#not-found", "#project-tabs, #build-state, #access-denied")) {
          wrong.add(path + " showed " + page.locator("body").innerText().lines().limit(3).toList());
          continue;
        }
        if (path.equals("/projects") || path.equals("/nope")) {
          assertThat(page.locator("#not-found-reason"))
              .containsText("There is no page at " + path + ".");
          browser.screenshot(page, "not-found" + path.replace('/', '-'));
        }
      }
      page.navigate(url("/nope"));
      page.locator("#not-found-back").click();
      ProjectsScreen.expect(page);

      page.navigate(url("/admin/users"));
      assertThat(page.locator("#access-denied h2")).hasText("Not available to you");
      assertThat(page.locator("#access-denied-reason"))
          .containsText("Your role does not allow this page");
      assertThat(page.locator("#access-denied a")).hasText("Back to the projects");
      browser.screenshot(page, "admin-page-refused-to-a-viewer");

      Page stranger = browser.newIsolatedPage();
      for (String path : List.of("/projects", "/nope", "/projects/%2B" + p, "/admin/users")) {
        stranger.navigate(url(path));
        if (!shows(stranger, "vaadin-login-form", "#not-found, #project-tabs, #access-denied")) {
          wrong.add("a stranger at " + path + " did not get the log-in page");
        }
      }
      browser.screenshot(stranger, "stranger-at-an-unknown-page");
    }
    Assertions.assertThat(wrong).as("addresses that did not show the not-found page").isEmpty();
  }

  /**
   * Whether the page settles on {@code expected} rather than one of the {@code others} or nothing
   * known.
   */
  private static boolean shows(Page page, String expected, String others) {
    try {
      page.locator(expected + ", " + others).first().waitFor();
    } catch (TimeoutError nothingKnown) {
      return false;
    }
    return page.locator(expected).isVisible() && page.locator(others).count() == 0;
  }

  /**
   * {@code digits} in another script's digits (fullwidth, Arabic-Indic), percent-encoded for an
   * address.
   */
  private static String otherDigits(String digits, char zero) {
    var out = new StringBuilder();
    for (char c : digits.toCharArray()) {
      for (byte b : String.valueOf((char) (zero + (c - '0'))).getBytes(StandardCharsets.UTF_8)) {
        out.append("%%%02X".formatted(b & 0xff));
      }
    }
    return out.toString();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
