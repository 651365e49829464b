package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner enables a project's webhook in the browser, sees its secret once with the URL to give
 * GitHub, and a delivery signed with that secret shows in the tab with the build it queued.
 */
class WebhookScreenIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void anOwnerEnablesTheWebhookAndSeesTheDeliveryItQueued() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "webhook-ui", Map.of());
        var browser = new Chromium("webhook-ui")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
      NewUserWalk.firstLogIn(kiln, browser, page)
          .newProject()
          .name("hooked")
          .script("echo \"$WEBHOOK_REF\"\n")
          .save();
      ProjectScreen.expect(page, "hooked");
      String project = page.url().replaceAll(".*/projects/(\\d+).*", "$1");

      var webhook = WebhookScreen.open(page);
      assertThat(webhook.status()).containsText("The webhook is off");
      String key = webhook.enable();
      assertThat(key).matches("[0-9A-Za-z]{40}");
      assertThat(webhook.status()).containsText("The webhook is on");
      assertThat(page.getByText("This secret is shown only now")).isVisible();
      String url = kiln.url() + "hooks/projects/" + project;
      assertThat(webhook.url()).hasValue(url);
      webhook.copyUrl();
      assertThat(page.getByText("URL copied.")).isVisible();
      assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(url);
      browser.screenshot(page, "webhook-enabled");

      byte[] body =
          "{\"ref\": \"refs/heads/main\", \"pusher\": {\"name\": \"octocat\"}}"
              .getBytes(StandardCharsets.UTF_8);
      var delivery =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(20))
              .header("Content-Type", "application/json")
              .header("X-GitHub-Event", "push")
              .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
              .header("X-Hub-Signature-256", "sha256=" + hmac(key, body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      var answer = HttpClient.newHttpClient().send(delivery, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

      page.reload();
      webhook = WebhookScreen.open(page);
      assertThat(webhook.key()).hasCount(0);
      assertThat(page.locator("body")).not().containsText(key);
      assertThat(
              webhook
                  .deliveries()
                  .filter(
                      new Locator.FilterOptions()
                          .setHasText("72d3162e-cc78-11e3-81ab-4c9367dc0958")))
          .hasCount(1);
      assertThat(webhook.deliveries().getByText("push to refs/heads/main by octocat")).isVisible();
      browser.screenshot(page, "webhook-deliveries");

      webhook.deliveries().getByText("build #1").click();
      var build = BuildScreen.expect(page);
      build.awaitState("SUCCEEDED", Duration.ofSeconds(60));
      assertThat(build.log()).containsText("refs/heads/main");
      assertThat(page.locator("#build-trigger"))
          .containsText("webhook: push to refs/heads/main by octocat");
      browser.screenshot(page, "webhook-build");
    }
  }

  /** Signed here as any sender would, independently of Kiln's own code. */
  private static String hmac(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
