package dev.kiln.portal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log-in through a real OpenID provider (authorization code flow with state and nonce, discovery,
 * signed ID tokens) started by the test on 127.0.0.1: the user lands in the portal with the role
 * their groups claim maps to; a forged callback is refused.
 */
class OidcLoginIT {

  private static final String ISSUER = "kiln-idp";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void logsInThroughTheProviderWithTheMappedRole() throws Exception {
    var provider = new MockOAuth2Server();
    provider.start(InetAddress.getLoopbackAddress(), freePort());
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "oidc", Map.of(
            "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTID", "kiln",
            "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTSECRET", "kiln-secret",
            "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTNAME", "Example ID",
            "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_SCOPE", "openid,profile,email",
            "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_IDP_ISSUERURI", provider.issuerUrl(ISSUER).toString(),
            "KILN_AUTH_ROLE_MAPPING", "kiln-admins=ADMIN,kiln-maintainers=MAINTAINER"));
        var browser = new Chromium("oidc")) {
      kiln.awaitReady(Duration.ofSeconds(60));
      provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "ada-subject", "JWT", List.of("kiln"),
          Map.of("preferred_username", "ada", "email", "ada@example.org", "groups", List.of("staff", "kiln-admins")),
          3600));

      Page page = browser.newPage();
      page.navigate(kiln.url());
      assertThat(page.locator(".provider")).hasText("Log in with Example ID");
      browser.screenshot(page, "login-with-provider");
      page.locator(".provider").click();

      ProjectsScreen.expect(page);
      assertThat(page.locator("#current-user")).hasText("ada · admin");
      browser.screenshot(page, "logged-in-as-admin");

      // A callback whose state Kiln never issued (a forged or replayed response) is refused.
      Page other = browser.newPage();
      other.navigate(kiln.url() + "login/oauth2/code/idp?code=forged&state=not-issued-by-kiln");
      assertThat(other.getByText("was not for a log-in started here")).isVisible();
      browser.screenshot(other, "forged-callback-refused");
    } finally {
      provider.shutdown();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
