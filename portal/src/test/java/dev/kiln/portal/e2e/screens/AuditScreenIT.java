package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin reads the audit log in the browser: their own failed and successful log-ins, and a user
 * who logged in through an OpenID provider; then filters by action. Only admins see the screen.
 */
class AuditScreenIT {

  private static final String ISSUER = "kiln-idp";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void adminSeesLogInsAndFiltersByAction() throws Exception {
    var provider = new MockOAuth2Server();
    provider.start(InetAddress.getLoopbackAddress(), KilnProcess.freePort());
    try (var kiln =
            KilnProcess.start(
                tmp.resolve("home"),
                "audit-ui",
                Map.of(
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTID", "kiln",
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTSECRET", "kiln-secret",
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTNAME", "Example ID",
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_SCOPE", "openid,profile,email",
                    "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_IDP_ISSUERURI",
                        provider.issuerUrl(ISSUER).toString(),
                    "KILN_AUTH_ROLE_MAPPING", "kiln-maintainers=MAINTAINER"));
        var browser = new Chromium("audit-ui")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);

      provider.enqueueCallback(
          new DefaultOAuth2TokenCallback(
              ISSUER,
              "ada-subject",
              "JWT",
              List.of("kiln"),
              Map.of("preferred_username", "ada", "groups", List.of("kiln-maintainers")),
              3600));
      Page ada = browser.newIsolatedPage();
      ada.navigate(kiln.url());
      ada.locator(".provider").click();
      ProjectsScreen.expect(ada);

      var audit = AuditScreen.open(page);
      assertThat(audit.cells("login.failed")).hasCount(1);
      assertThat(audit.cells("password: wrong user name or password")).hasCount(1);
      assertThat(audit.cells("login.succeeded")).hasCount(2);
      assertThat(audit.cells("OpenID Connect (idp)")).hasCount(1);
      assertThat(audit.cells("user.password-changed")).hasCount(1);
      assertThat(audit.cells("user ada")).hasCount(2); // created at the first log-in, and logged in
      browser.screenshot(page, "audit-log");

      audit.filterByAction("login.failed");
      assertThat(audit.cells("login.succeeded")).hasCount(0);
      assertThat(audit.cells("login.failed")).hasCount(1);
      assertThat(audit.cells("admin")).hasCount(1);
      browser.screenshot(page, "audit-log-failed-logins");

      audit.filterByAction("Any action");
      audit.filterByActor("ADA");
      assertThat(audit.cells("admin")).hasCount(0);
      assertThat(audit.cells("ada")).hasCount(1);
      assertThat(audit.cells("login.succeeded")).hasCount(1);
      audit.filterFrom(
          LocalDate.now().plusDays(1)); // Kiln and the test share the machine's time zone
      assertThat(audit.cells("ada")).hasCount(0);
      assertThat(page.getByText("No entries match these filters.")).isVisible();
      browser.screenshot(page, "audit-log-nothing-matches");
      audit.filterFrom(LocalDate.now());
      assertThat(audit.cells("ada")).hasCount(1);

      ada.navigate(kiln.url() + "admin/audit");
      assertThat(ada.locator("#access-denied h2")).hasText("Not available to you");
    } finally {
      provider.shutdown();
    }
  }
}
