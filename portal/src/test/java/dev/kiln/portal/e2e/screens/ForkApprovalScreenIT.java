package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.kiln.portal.database.EmbeddedDatabase;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fork's pull request builds without secrets, and its build page says so and offers the owner
 * "Approve with secrets", which asks once more and opens the rebuild of that commit.
 */
class ForkApprovalScreenIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void anOwnerApprovesAForksCommitOnItsBuildPage() throws Exception {
    try (var repos = TestRepos.create();
        var kiln = KilnProcess.start(tmp.resolve("home"), "fork-approval", Map.of());
        var browser = new Chromium("fork-approval")) {
      var repo = repos.create("app");
      repo.commit("main", TestCommit.of("Start", Instant.EPOCH).file("README", "app\n"));
      String head = repo.commit("fix", TestCommit.of("Fix", Instant.EPOCH).file("fix", "1\n"));
      repos.git.ok(repo.path, "update-ref", "refs/pull/12/head", head);
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page)
          .newProject()
          .name("forked")
          .script("true\n")
          .save();
      ProjectScreen.expect(page, "forked");
      long project = Long.parseLong(page.url().replaceAll(".*/projects/(\\d+).*", "$1"));
      String key = WebhookScreen.open(page).enable();
      // The project form has no repository fields yet (another part of issue 14 adds them).
      optIn(kiln, project, repo.path.toString());

      String body =
          """
          {"action": "opened", "number": 12, "pull_request": {"number": 12,
           "head": {"sha": "%s", "repo": {"id": 2, "full_name": "mallory/app"}},
           "base": {"repo": {"id": 1, "full_name": "acme/app"}}},
           "sender": {"login": "mallory"}}"""
              .formatted(head);
      var answer = deliver(kiln.url() + "hooks/projects/" + project, key, body);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      String build = answer.body().replaceAll(".*\"buildId\":(\\d+).*", "$1");

      page.navigate(kiln.url() + "builds/" + build);
      var screen = BuildScreen.expect(page);
      screen.awaitState("SUCCEEDED", Duration.ofSeconds(90));
      assertThat(page.locator("#secrets-approval")).containsText("A pull request from a fork");
      assertThat(screen.log()).containsText("No secrets: this builds a pull request from a fork");
      browser.screenshot(page, "fork-build-without-secrets");

      page.locator("#approve-secrets").click();
      assertThat(page.locator("#approve-secrets-dialog")).containsText(head);
      browser.screenshot(page, "fork-approve-dialog");
      page.locator("#approve-secrets-dialog vaadin-button[slot=confirm-button]").click();
      assertThat(page).not().hasURL(kiln.url() + "builds/" + build);
      var approved = BuildScreen.expect(page);
      approved.awaitState("SUCCEEDED", Duration.ofSeconds(90));
      assertThat(page.locator("#secrets-approval")).isHidden();
      assertThat(approved.log()).not().containsText("No secrets");
      browser.screenshot(page, "fork-build-approved");
    }
  }

  /** Gives the project the repository and turns pull requests on, in its database. */
  private static void optIn(KilnProcess kiln, long project, String repository) throws Exception {
    Path data = kiln.dataDir().resolve("postgres");
    String port = Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip();
    String password = Files.readString(EmbeddedDatabase.passwordFile(data)).strip();
    try (var c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
        var update =
            c.prepareStatement(
                "update projects set repository_url = ?, pull_requests = true where id = ?")) {
      update.setString(1, repository);
      update.setLong(2, project);
      assertThat(update.executeUpdate()).isOne();
    }
  }

  private static HttpResponse<String> deliver(String url, String key, String body)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "pull_request")
            .header("X-GitHub-Delivery", "fork-12-opened")
            .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
