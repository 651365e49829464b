package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.builder.ssh.LocalSshd;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin sets up an SSH host as a builder instance in the browser: its key as a global secret,
 * the instance, then the host key the first check proposes, approved by hand. A project picks the
 * instance and a build runs on the real sshd, its output live in the portal.
 */
class SshBuilderIT {

  @TempDir Path tmp;

  private static String fingerprint(LocalSshd sshd, String hostKey) {
    try {
      return sshd.fingerprint(hostKey);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void anAdminApprovesTheHostKeyAndABuildRunsOverSsh() throws Exception {
    try (var sshd = LocalSshd.start();
        var kiln = KilnProcess.start(tmp.resolve("home"), "ssh-ui", Map.of());
        var browser = new Chromium("ssh-ui")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);

      SecretsScreen.open(page)
          .addLines("BUILD_BOX_KEY", sshd.privateKey(LocalSshd.ClientKeyFile.ED25519));
      var builders = BuildersScreen.open(page);
      builders.fill(
          "SSH",
          "build box",
          Map.of(
              "host",
              "127.0.0.1",
              "port",
              "70000",
              "user",
              sshd.user,
              "private-key",
              "BUILD_BOX_KEY"),
          Map.of("contain-processes", "required"));
      // The port's range comes from the SSH builder's schema: the form says it under the field,
      // and a value outside it is refused, naming the field and the range, before the builder
      // sees it.
      var port = page.locator("#setting-port");
      assertThat(port).containsText("A whole number from 1 to 65535.");
      page.locator("#save-instance").click();
      assertThat(port).hasAttribute("invalid", "");
      assertThat(port).containsText("Port must be a whole number from 1 to 65535.");
      assertThat(page.locator("vaadin-dialog-overlay[opened]")).hasCount(1);
      port.scrollIntoViewIfNeeded();
      browser.screenshot(page, "ssh-instance-port-out-of-range");
      port.locator("input").fill(String.valueOf(sshd.port));
      port.locator("input").blur();
      assertThat(port).not().hasAttribute("invalid", "");
      page.locator("#setting-contain-processes").scrollIntoViewIfNeeded();
      browser.screenshot(page, "ssh-instance-contain-processes");
      builders.save();
      assertThat(builders.health("needs approval"))
          .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
      // The proposal names the key the host offered, by its fingerprint; nothing is trusted yet.
      String offered = builders.approvals().innerText();
      Assertions.assertThat(
              List.of("host_ed25519", "host_ecdsa", "host_rsa").stream()
                  .map(key -> fingerprint(sshd, key))
                  .anyMatch(offered::contains))
          .as(offered)
          .isTrue();
      browser.screenshot(page, "host-key-approval");

      builders.approvals().locator("vaadin-button").click();
      // Local shell is up too: wait for the SSH instance's own message.
      assertThat(page.locator("#builder-instances"))
          .containsText(
              "Connected as " + sshd.user + "@127.0.0.1",
              new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
      assertThat(builders.health("up")).hasCount(2);
      browser.screenshot(page, "builders-up");
      // The login-file warning is long: the row shows three lines of it, a click all of it.
      var warning =
          page.locator("#builder-instances div[title^='Warning: The build user may write']");
      assertThat(warning).hasClass(Pattern.compile("\\bclamped\\b"));
      warning.click();
      assertThat(warning).not().hasClass(Pattern.compile("\\bclamped\\b"));
      browser.screenshot(page, "builders-warning-open");

      page.navigate(kiln.url());
      var form = ProjectsScreen.expect(page).newProject();
      form.builder("build box (SSH)")
          .name("over-ssh")
          .script(
              "echo \"remote $KILN_BUILD_ID in $(pwd)\"\n"
                  + "setsid sleep 300 >/dev/null 2>&1 &\n");
      form.save();
      assertThat(page.locator("#builder-health")).containsText("Up");
      var build = ProjectScreen.expect(page, "over-ssh").runNow();
      build.awaitState("SUCCEEDED", Duration.ofSeconds(60));
      assertThat(build.log()).containsText(Pattern.compile("remote \\d+ in /\\S+/workspace"));
      assertThat(build.log())
          .containsText("The build's processes run in a PID namespace of their own");
      assertThat(build.log()).containsText("Killed 1 leftover process.");
      browser.screenshot(page, "ssh-build");
    }
  }
}
