package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.git.GitHttpServer;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.webhook.SignedDeliveries;
import dev.kiln.portal.webhook.WebhookService;
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
 * A project from a git repository in the browser, as an admin meets it: the form's Source section
 * with a token from the secrets, "Check access" answered by the runner in words (OK, and a wrong
 * address), an edit that keeps the repository, a webhook push of a new commit that builds exactly
 * that commit (shown on the build page) and its Rebuild, and Run now with a chosen tag and a
 * parameter.
 */
class SourceScreenIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final String TOKEN = "source-screen-token-3c9d";

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired SecretService secrets;
  @Autowired WebhookService webhooks;
  @LocalServerPort int port;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void anAdminBuildsAProjectFromARepositoryAndRunsATag() throws Exception {
    String admin = "source-ui-admin";
    TestUsers.create(users, admin, PASSWORD, Role.ADMIN);
    as(admin, List.of("ROLE_ADMIN"), () -> secrets.create(null, "APP_TOKEN", "", TOKEN));
    try (var repos = TestRepos.create();
        var http = GitHttpServer.start(repos, TOKEN);
        var browser = new Chromium("source")) {
      TestRepo app = repos.create("app");
      String head =
          app.commit("main", TestCommit.of("First", Instant.parse("2026-03-04T05:06:07Z")));
      app.tag("v1.0.0", head);
      Page page = browser.newPage();
      page.navigate(url("/login"));
      page.locator("vaadin-login-form").waitFor();
      new LoginScreen(page).logIn(admin, PASSWORD);
      page.locator("#projects, #no-projects").first().waitFor();
      page.navigate(url("/projects/edit"));

      var form =
          ProjectFormScreen.expect(page)
              .builder("Local shell")
              .name("from-git")
              .repository("ext::sh -c id", "--upload-pack=id", "");
      form.save();
      assertThat(form.error("project-repository")).containsText("spaces or control characters");
      assertThat(form.error("project-branch")).containsText("starts with '-'");
      form.repository(http.url(app).replace("app.git", "nothing.git"), "main", "APP_TOKEN");
      assertThat(form.checkAccess()).containsText("is not a git repository");
      browser.screenshot(page, "check-access-wrong-address");
      form.repository(http.url(app), "main", "APP_TOKEN");
      assertThat(form.checkAccess())
          .hasText(Pattern.compile("OK: main is at " + head.substring(0, 7) + ".*"));
      browser.screenshot(page, "check-access-ok");
      form.script("echo \"greeting=$GREETING\"\n");
      form.addParameter("GREETING", "hello", "", "");
      form.save();
      ProjectScreen.expect(page, "from-git");
      assertThat(page.locator("#project-repository-fact"))
          .hasText(http.url(app) + " · main · opened with APP_TOKEN");
      long id = Long.parseLong(page.url().replaceAll(".*/projects/(\\d+).*", "$1"));

      // An edit of something else keeps the repository: the form carries the source.
      page.navigate(url("/projects/edit/" + id));
      assertThat(page.locator("#project-repository input")).hasValue(http.url(app));
      page.locator("#project-description input, #project-description textarea")
          .first()
          .fill("changed");
      browser.screenshot(page, "form-source-section");
      form.save();
      ProjectScreen.expect(page, "from-git");
      ProjectSource kept =
          as(admin, List.of("ROLE_ADMIN"), () -> projects.find(id)).orElseThrow().source();
      Assertions.assertThat(kept.repository()).isEqualTo(http.url(app));
      Assertions.assertThat(kept.defaultBranch()).isEqualTo("main");
      Assertions.assertThat(kept.credentialSecret()).isEqualTo("APP_TOKEN");

      // A webhook push of a new commit builds exactly that commit; the build page shows it, and
      // Rebuild builds it again, after the branch has moved on.
      String pushed =
          app.commit(
              "main",
              TestCommit.of("Faster wheels", Instant.parse("2026-03-05T06:07:08Z"))
                  .by("Ada Lovelace", "ada@example.org")
                  .file("README", "pushed\n"));
      String key = as(admin, List.of("ROLE_ADMIN"), () -> webhooks.createKey(id));
      long fromPush = new SignedDeliveries(port).deliver(id, key, "push", push(pushed)).buildId();
      app.commit("main", TestCommit.of("Later", Instant.parse("2026-03-06T00:00:00Z")));
      page.navigate(url("/builds/" + fromPush));
      BuildScreen.expect(page);
      assertThat(page.locator("#build-commit-sha")).containsText(pushed.substring(0, 7));
      assertThat(page.locator("#build-commit-subject")).hasText("Faster wheels");
      assertThat(page.locator("#build-ref")).containsText("main");
      assertThat(page.locator("#build-state"))
          .hasText("SUCCEEDED", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
      browser.screenshot(page, "build-of-a-pushed-commit");
      page.locator("#rebuild-build").click();
      assertThat(page.locator("#build-rebuild-of")).containsText("#");
      var rebuilt = BuildScreen.expect(page);
      Assertions.assertThat(rebuilt.id()).isNotEqualTo(fromPush);
      assertThat(page.locator("#build-commit-sha")).containsText(pushed.substring(0, 7));
      assertThat(page.locator("#build-state"))
          .hasText("SUCCEEDED", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
      Assertions.assertThat(
              as(admin, List.of("ROLE_ADMIN"), () -> builds.find(rebuilt.id()))
                  .orElseThrow()
                  .revision()
                  .commit())
          .isEqualTo(pushed);
      browser.screenshot(page, "rebuild-of-a-pushed-commit");

      page.navigate(url("/projects/" + id));
      ProjectScreen.expect(page, "from-git");
      new ProjectScreen(page).runDialog();
      assertThat(page.locator("#run-ref input")).hasValue("main");
      page.locator("#run-ref input").fill("--upload-pack=id");
      page.locator("#run-with-parameters").click();
      assertThat(page.locator("#run-ref[invalid] [slot='error-message']")).isVisible();
      browser.screenshot(page, "run-now-refuses-a-crafted-ref");
      page.locator("#run-ref input").fill("v1.0.0");
      page.locator("#parameter-GREETING input").fill("tagged");
      page.locator("#run-with-parameters").click();
      var build = BuildScreen.expect(page);
      Assertions.assertThat(
              as(admin, List.of("ROLE_ADMIN"), () -> builds.find(build.id()))
                  .orElseThrow()
                  .revision()
                  .requested())
          .isEqualTo("v1.0.0");
      Assertions.assertThat(as(admin, List.of(), () -> builds.parameters(build.id())))
          .isEqualTo(Map.of("GREETING", "tagged"));
    }
  }

  /** A push of {@code sha} to main, as GitHub sends it. */
  private static Map<String, Object> push(String sha) {
    return Map.of(
        "ref",
        "refs/heads/main",
        "after",
        sha,
        "deleted",
        false,
        "head_commit",
        Map.of(
            "id",
            sha,
            "message",
            "Faster wheels",
            "timestamp",
            "2026-03-05T06:07:08Z",
            "author",
            Map.of("name", "Ada Lovelace", "email", "ada@example.org")));
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
