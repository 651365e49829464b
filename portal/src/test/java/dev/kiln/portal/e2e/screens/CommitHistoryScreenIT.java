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
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

  /** Real commits of a local repository, which the runner checks out. */
  private static String MAIN, BROKEN, TAG;

  private static TestRepos repos;
  private static TestRepo repo;
  private static final String HOSTILE_SUBJECT = "Fix <img src=x onerror=alert(1)> & wheels";

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @LocalServerPort int port;

  @BeforeAll
  static void commits() throws IOException, InterruptedException {
    repos = TestRepos.create();
    repo = repos.create("history");
    Instant at = Instant.parse("2026-11-01T00:00:00Z");
    MAIN = repo.commit("main", TestCommit.of("Main", at).file("a", "1\n"));
    BROKEN = repo.commit("main", TestCommit.of("Broken", at).file("a", "2\n"));
    TAG = repo.commit("release", TestCommit.of("Release", at).file("a", "3\n"));
    repo.tag("v1.0", TAG);
  }

  @AfterAll
  static void removeRepository() throws IOException {
    repos.close();
  }

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
      assertThat(commit(page, TAG.substring(0, 8))).hasCount(1);
      browser.screenshot(page, "project-page-latest-per-branch");

      Selects.choose(page, "history-state", "Failed");
      assertThat(commit(page, BROKEN.substring(0, 8))).hasCount(1);
      assertThat(commit(page, MAIN.substring(0, 8))).hasCount(0);
      browser.screenshot(page, "history-filtered-by-state");
      Selects.choose(page, "history-state", "Any state");
      page.locator("#history-commit input").fill("xyz");
      assertThat(page.locator("#history-commit[invalid] [slot='error-message']"))
          .containsText("hex digits");
      page.locator("#history-commit input").fill(MAIN.substring(0, 6).toUpperCase(Locale.ROOT));
      assertThat(commit(page, MAIN.substring(0, 8))).hasCount(1);
      assertThat(commit(page, BROKEN.substring(0, 8))).hasCount(0);
      browser.screenshot(page, "history-searched-by-commit");
      commit(page, MAIN.substring(0, 8)).click();

      var build = BuildScreen.expect(page);
      Assertions.assertThat(build.id()).isEqualTo(first);
      // A local repository has no web page: the SHA is text, never a link (CommitLinksTest has the
      // GitHub, GitLab and Gitea shapes).
      assertThat(page.locator("#build-commit-sha"))
          .not()
          .hasAttribute("href", Pattern.compile(".*"));
      assertThat(page.locator("#build-commit-sha")).hasText(MAIN.substring(0, 8));
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
      assertThat(page.locator("#build-commit-sha")).hasText(MAIN.substring(0, 8));
      assertThat(page.locator("#rebuild-build")).isVisible();
      browser.screenshot(page, "rebuild-linked-to-its-build");
      page.locator("#build-rebuild-of a").click();
      assertThat(page.locator("#build-rebuilt-as")).containsText("#4");
      browser.screenshot(page, "build-rebuilt-as");

      // A build of a branch the repository does not have: no commit is ever recorded, and the
      // page says which branch it asked for, never an empty commit.
      long unresolved =
          as(
              USER,
              List.of("ROLE_MAINTAINER"),
              () ->
                  projects.runNow(
                      project,
                      Trigger.manual(USER).withRevision(Revision.requested("no-such-branch"))));
      page.navigate(url("/builds/" + unresolved));
      BuildScreen.expect(page);
      assertThat(page.locator("#build-commit-resolving"))
          .containsText(
              Pattern.compile("resolving no-such-branch…|no-such-branch · no commit recorded"));
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
        .withSource(ProjectSource.of(repo.path.toString(), "main"));
  }
}
