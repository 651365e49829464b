package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton with log-in through a real OpenID provider (authorization code flow with
 * state and nonce, discovery, signed ID tokens) started by the test on 127.0.0.1: a maintainer by
 * their groups claim logs in there, builds a project and downloads its artifact; a forged callback
 * and an ID token from another issuer are refused with words on the log-in page. The refusals in
 * detail are {@code security.OidcAccountsIT}.
 */
class OidcLoginIT {

  private static final String ISSUER = "kiln-idp";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aMaintainerLogsInThroughTheProviderAndRunsABuild() throws Exception {
    var provider = new MockOAuth2Server();
    provider.start(InetAddress.getLoopbackAddress(), 0);
    try (var kiln =
            KilnProcess.start(
                tmp.resolve("home"),
                "oidc",
                Map.of(
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTID", "kiln",
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTSECRET", "kiln-secret",
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTNAME", "Example ID",
                    "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_SCOPE", "openid,profile,email",
                    "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_IDP_ISSUERURI",
                        provider.issuerUrl(ISSUER).toString(),
                    "KILN_AUTH_ROLE_MAPPING", "kiln-admins=ADMIN,kiln-maintainers=MAINTAINER"));
        var browser = new Chromium("oidc")) {
      kiln.awaitReady();
      provider.enqueueCallback(
          idToken(
              "ada-subject",
              Map.of(
                  "preferred_username",
                  "ada",
                  "email",
                  "ada@example.org",
                  "groups",
                  List.of("staff", "kiln-maintainers"))));

      Page page = browser.newPage();
      page.navigate(kiln.url());
      assertThat(page.locator(".provider")).hasText("Log in with Example ID");
      browser.screenshot(page, "login-with-provider");
      page.locator(".provider").click();

      var projects = ProjectsScreen.expect(page);
      assertThat(page.locator("#current-user")).hasText("ada · maintainer");
      assertThat(
              page.locator("vaadin-side-nav-item")
                  .filter(new Locator.FilterOptions().setHasText("Password")))
          .hasCount(0); // ada's password is the provider's business
      browser.screenshot(page, "logged-in-as-maintainer");
      NewUserWalk.buildAProject(kiln, browser, projects, NewUserWalk.input(tmp));

      // A callback whose state Kiln never issued (a forged or replayed response) is refused.
      Page forged = browser.newIsolatedPage();
      forged.navigate(kiln.url() + "login/oauth2/code/idp?code=forged&state=not-issued-by-kiln");
      assertThat(forged.locator(".login-view .error"))
          .containsText("was not for a log-in started here");
      browser.screenshot(forged, "forged-callback-refused");

      // An ID token signed by the provider's key but naming another issuer is refused.
      provider.enqueueCallback(
          idToken(
              "mallory-subject",
              Map.of(
                  "preferred_username",
                  "mallory",
                  "iss",
                  provider.issuerUrl("another-idp").toString())));
      Page mixUp = browser.newIsolatedPage();
      mixUp.navigate(kiln.url());
      mixUp.locator(".provider").click();
      assertThat(mixUp.locator(".login-view .error"))
          .containsText("came from an unexpected issuer");
      browser.screenshot(mixUp, "other-issuer-refused");
    } finally {
      provider.shutdown();
    }
  }

  private static DefaultOAuth2TokenCallback idToken(String subject, Map<String, Object> claims) {
    return new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT", List.of("kiln"), claims, 3600);
  }
}
