package dev.kiln.portal.security;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.user.UserAdministration;
import dev.kiln.portal.user.UserSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that log in through real identity providers and Spring Security's real flow: an
 * OpenID provider (mock-oauth2-server: discovery, signed ID tokens, nonce) and a {@link
 * FakeGitHub}, both on 127.0.0.1 and started before the context, which reads the OpenID discovery
 * document at start. Registering providers is a change of properties, so this is a Kiln of its own
 * on its own data folder, beside {@link KilnSpringTest}'s; its subclasses share it and must not
 * change properties either. The providers live as long as the cached context: until the test JVM
 * ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ProviderLoginSpringTest {

  static final String ISSUER = "kiln-idp";
  static final MockOAuth2Server IDP = new MockOAuth2Server();
  static final FakeGitHub GITHUB;
  private static final Path DATA_DIR;

  static {
    try {
      DATA_DIR = Files.createTempDirectory("kiln-provider-test-");
      GITHUB = new FakeGitHub("kiln-github-client", "kiln-github-secret");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IDP.start(InetAddress.getLoopbackAddress(), 0);
  }

  @DynamicPropertySource
  static void providers(DynamicPropertyRegistry registry) {
    registry.add("kiln.data-dir", DATA_DIR::toString);
    registry.add("kiln.node.name", () -> "provider-test-node");
    registry.add("kiln.auth.role-mapping", () -> "kiln-admins=ADMIN, kiln-maintainers=MAINTAINER");
    registry.add("kiln.auth.github.role-mapping", () -> "Acme=MAINTAINER, acme/kiln-admins=ADMIN");

    String idp = "spring.security.oauth2.client.registration.idp.";
    registry.add(idp + "client-id", () -> "kiln");
    registry.add(idp + "client-secret", () -> "kiln-secret");
    registry.add(idp + "client-name", () -> "Example ID");
    registry.add(idp + "scope", () -> "openid,profile,email");
    registry.add(
        "spring.security.oauth2.client.provider.idp.issuer-uri",
        () -> IDP.issuerUrl(ISSUER).toString());

    // GitHub Enterprise's layout: Spring's GitHub defaults with every URI replaced.
    String github = "spring.security.oauth2.client.registration.github.";
    registry.add(github + "client-id", () -> "kiln-github-client");
    registry.add(github + "client-secret", () -> "kiln-github-secret");
    registry.add(github + "scope", () -> "read:user,read:org");
    String githubProvider = "spring.security.oauth2.client.provider.github.";
    registry.add(
        githubProvider + "authorization-uri", () -> GITHUB.webUrl() + "/login/oauth/authorize");
    registry.add(githubProvider + "token-uri", () -> GITHUB.webUrl() + "/login/oauth/access_token");
    registry.add(githubProvider + "user-info-uri", () -> GITHUB.apiUrl() + "/user");
  }

  @LocalServerPort int port;
  @Autowired UserAdministration admin;

  /**
   * Logs in through a provider as a browser does: from the log-in page's link, following every
   * redirect and keeping cookies.
   *
   * @return the page the browser ends on: {@code /} when logged in, the log-in page with a reason
   *     when refused
   */
  URI logInThrough(String registration) throws IOException, InterruptedException {
    var browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    var start =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/oauth2/authorization/" + registration));
    return browser.send(start.build(), HttpResponse.BodyHandlers.discarding()).uri();
  }

  /**
   * The Kiln user of that name, as the admin screens see them (needs an admin in the test's
   * security context).
   */
  Optional<UserSummary> user(String username) {
    return admin.list(PageRequest.of(0, 1000)).stream()
        .filter(u -> u.username().equals(username))
        .findFirst();
  }
}
