package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.FinishedBuilds;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.Selects;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Builds of commits as a maintainer sees them: the projects list with each project's last build,
 * the project page with the last build of each branch and tag, the history filtered by state and
 * searched by commit, the build page with its commit linked to GitHub (its subject shown as text,
 * never markup), and Rebuild linked both ways.
 */
class CommitHistoryScreenIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final String USER = "commit-ui";
  private static final String MAIN = "5eed1234" + "ab".repeat(16);
  private static final String BROKEN = "dead5678" + "cd".repeat(16);
  private static final String TAG = "7a901234" + "ef".repeat(16);
  private static final String HOSTILE_SUBJECT = "Fix <img src=x onerror=alert(1)> & wheels";

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @LocalServerPort int port;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aMaintainerFindsTheBuildOfACommitSeesItAndRebuildsIt() {
    TestUsers.create(users, USER, PASSWORD, Role.MAINTAINER);
    var maintainer = List.of("ROLE_MAINTAINER");
    long project = as(USER, maintainer, () -> projects.create(draft()));
    long first = queue(project, "refs/heads/main", MAIN, HOSTILE_SUBJECT, "pass");
    queue(project, "refs/heads/main", BROKEN, "Break the build on purpose", "fail");
    queue(project, "refs/tags/v1.0", TAG, "Release 1.0", "pass");

    try (var browser = new Chromium("commits")) {
      Page page = browser.newPage();
      page.navigate(url("/login"));
      new LoginScreen(page).logIn(USER, PASSWORD);
      page.locator("#projects").waitFor();
      page.locator("#project-filter input").fill("commit-history");
      Locator row = page.locator("#projects vaadin-grid-cell-content .last-build").first();
      assertThat(row.locator(".state")).hasAttribute("data-state", "SUCCEEDED");
      assertThat(row).containsText(Pattern.compile("just now|min ago"));
      browser.screenshot(page, "projects-list-with-last-build");

      page.navigate(url("/projects/" + project));
      assertThat(page.locator("#latest-per-ref .ref-row[data-ref='main']")).containsText("#2");
      assertThat(page.locator("#latest-per-ref .ref-row[data-ref='main'] .state"))
          .hasAttribute("data-state", "FAILED");
      assertThat(page.locator("#latest-per-ref .ref-row[data-ref='v1.0']"))
          .containsText("tag v1.0");
      assertThat(commit(page, "7a901234")).hasCount(1);
      browser.screenshot(page, "project-page-latest-per-branch");

      Selects.choose(page, "history-state", "Failed");
      assertThat(commit(page, "dead5678")).hasCount(1);
      assertThat(commit(page, "5eed1234")).hasCount(0);
      browser.screenshot(page, "history-filtered-by-state");
      Selects.choose(page, "history-state", "Any state");
      page.locator("#history-commit input").fill("xyz");
      assertThat(page.locator("#history-commit[invalid] [slot='error-message']"))
          .containsText("hex digits");
      page.locator("#history-commit input").fill("5EED");
      assertThat(commit(page, "5eed1234")).hasCount(1);
      assertThat(commit(page, "dead5678")).hasCount(0);
      browser.screenshot(page, "history-searched-by-commit");
      commit(page, "5eed1234").click();

      var build = BuildScreen.expect(page);
      Assertions.assertThat(build.id()).isEqualTo(first);
      assertThat(page.locator("#build-commit-sha"))
          .hasAttribute("href", "https://github.com/kiln-test/app/commit/" + MAIN);
      assertThat(page.locator("#build-commit-sha")).hasText("5eed1234");
      assertThat(page.locator("#build-commit-subject")).hasText(HOSTILE_SUBJECT);
      Assertions.assertThat(page.locator("#build-commit img").count()).isZero();
      assertThat(page.locator("#build-ref")).hasText("main");
      assertThat(page.locator("#build-commit-author")).containsText("Ada <ada@example.org>");
      browser.screenshot(page, "build-page-with-its-commit");

      page.locator("#rebuild-build").click();
      assertThat(page).not().hasURL(Pattern.compile(".*/builds/" + first + "$"));
      var rebuilt = BuildScreen.expect(page);
      rebuilt.awaitState("SUCCEEDED", Duration.ofSeconds(90));
      assertThat(page.locator("#build-rebuild-of")).containsText("#1");
      assertThat(page.locator("#build-commit-sha")).hasText("5eed1234");
      assertThat(page.locator("#rebuild-build")).isVisible();
      browser.screenshot(page, "rebuild-linked-to-its-build");
      page.locator("#build-rebuild-of a").click();
      assertThat(page.locator("#build-rebuilt-as")).containsText("#4");
      browser.screenshot(page, "build-rebuilt-as");

      // A build of the default branch whose commit no runner recorded (none does yet on main):
      // the page says which branch, and never shows an empty commit.
      long unresolved =
          as(
              USER,
              List.of("ROLE_MAINTAINER"),
              () -> projects.runNow(project, Trigger.manual(USER)));
      page.navigate(url("/builds/" + unresolved));
      BuildScreen.expect(page);
      assertThat(page.locator("#build-commit-resolving"))
          .containsText(Pattern.compile("resolving main…|main · no commit recorded"));
      assertThat(page.locator("#build-commit-sha")).hasCount(0);
      browser.screenshot(page, "build-page-before-its-commit-is-known");
    }
  }

  /** The history's commit cells (on rows the grid shows) that name this commit. */
  private static Locator commit(Page page, String shortSha) {
    return page.locator("#builds .commit-cell:visible")
        .filter(new Locator.FilterOptions().setHasText(shortSha));
  }

  private long queue(long project, String ref, String sha, String subject, String outcome) {
    var revision =
        new Revision(
            null,
            ref,
            sha,
            subject,
            "Ada <ada@example.org>",
            Instant.parse("2026-12-01T10:00:00Z"));
    return as(
        USER,
        List.of("ROLE_MAINTAINER"),
        () -> {
          long id =
              projects.runNow(
                  project,
                  Trigger.manual(USER)
                      .withRevision(revision)
                      .withParameters(Map.of("OUTCOME", outcome)));
          FinishedBuilds.awaitFinal(builds, id);
          return id;
        });
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private static ProjectDraft draft() {
    return new ProjectDraft(
            "commit-history",
            "",
            "local",
            Map.of(),
            "test \"$OUTCOME\" != fail; echo built",
            List.of(),
            Duration.ofMinutes(10),
            List.of())
        .withParameters(List.of(ParameterDeclaration.free("OUTCOME")))
        .withSource(ProjectSource.of("https://github.com/kiln-test/app.git", "main"));
  }
}
