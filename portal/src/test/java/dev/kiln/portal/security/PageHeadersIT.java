package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.FormLogIn;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The portal's pages over real HTTP: the log-in form's CSRF token, the security headers of pages
 * and static files, the session cookie's flags (also behind a TLS-terminating proxy), and session
 * ids kept out of addresses.
 */
class PageHeadersIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final Pattern SCRIPT = Pattern.compile("src=\"(VAADIN/build/[^\"]+\\.js)\"");
  private static final AtomicInteger names = new AtomicInteger();

  @Autowired UserService users;
  @LocalServerPort int port;

  /** A browser of its own: cookies kept, redirects not followed. */
  private static HttpClient browser() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .connectTimeout(Duration.ofSeconds(20))
        .build();
  }

  @Test
  void theLogInFormIsRefusedWithoutItsCsrfToken() throws Exception {
    String user = user();
    HttpClient forger = browser();
    get(forger, "/login");
    var forged =
        postForm(
            forger,
            "/login",
            "username="
                + user
                + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    assertThat(forged.headers().firstValue("Location").orElse(""))
        .as("where a forged log-in leads")
        .doesNotEndWith(":" + port + "/");
    assertThat(get(forger, "/").statusCode())
        .as("the start page after a log-in without the token")
        .isEqualTo(302);

    HttpClient honest = browser();
    assertThat(logIn(honest, user).statusCode()).isEqualTo(302);
    assertThat(get(honest, "/").statusCode())
        .as("the start page after a log-in with the token")
        .isEqualTo(200);
  }

  @Test
  void pagesCarryTheSecurityHeadersAndAreNotCached() throws Exception {
    HttpClient client = browser();
    var login = get(client, "/login");
    assertSecurityHeaders(login);
    logIn(client, user());
    var page = get(client, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertSecurityHeaders(page);
    assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

    Matcher script = SCRIPT.matcher(login.body());
    assertThat(script.find()).as("a script of the page").isTrue();
    var resource = get(client, "/" + script.group(1));
    assertThat(resource.statusCode()).isEqualTo(200);
    assertThat(resource.headers().firstValue("Cache-Control").orElse(""))
        .as("a static file stays cacheable")
        .doesNotContain("no-store")
        .contains("max-age");
    assertThat(resource.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  private static void assertSecurityHeaders(HttpResponse<String> response) {
    String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp)
        .contains(
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "form-action 'self'");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().firstValue("Referrer-Policy")).contains("same-origin");
    assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
  }

  @Test
  void theSessionCookieIsHttpOnlyLaxAndSecureBehindATlsProxy() throws Exception {
    String plain = sessionCookie(get(browser(), "/login"));
    assertThat(plain).contains("HttpOnly", "SameSite=Lax").doesNotContainIgnoringCase("Secure");

    // By default no proxy is trusted, not even 127.0.0.1 (Local builds run here): the header is
    // ignored.
    // A trusted proxy's header makes the cookie Secure (PrivateFilesHiddenIT sets
    // KILN_TRUSTED_PROXIES).
    var forged =
        browser()
            .send(
                request("/login").header("X-Forwarded-Proto", "https").build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(sessionCookie(forged))
        .contains("HttpOnly", "SameSite=Lax")
        .doesNotContainIgnoringCase("Secure");

    Optional<InetAddress> elsewhere = otherLocalAddress();
    if (elsewhere.isPresent()) {
      // From an address that is not a trusted proxy, the header is the client's own claim and is
      // ignored.
      var untrusted =
          browser()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://" + elsewhere.get().getHostAddress() + ":" + port + "/login"))
                      .header("X-Forwarded-Proto", "https")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(sessionCookie(untrusted)).doesNotContainIgnoringCase("Secure");
    }
  }

  @Test
  void sessionIdsTravelInTheCookieOnlyNeverInAnAddress() throws Exception {
    var redirect = get(browser(), "/projects/1");
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location").orElse(""))
        .doesNotContainIgnoringCase("jsessionid");

    HttpClient client = browser();
    var loggedIn = logIn(client, user());
    assertThat(loggedIn.headers().firstValue("Location").orElse(""))
        .doesNotContainIgnoringCase("jsessionid");
    String id = sessionCookie(loggedIn).replaceAll("^JSESSIONID=([^;]+).*$", "$1");
    // The same session's id in the address, without the cookie, does not log anyone in.
    for (String path : List.of("/;jsessionid=" + id, "/account/tokens;jsessionid=" + id)) {
      var stranger = get(browser(), path);
      assertThat(stranger.statusCode()).as(path).isNotEqualTo(200);
      assertThat(stranger.body()).doesNotContain("Log out");
    }
  }

  private HttpResponse<String> logIn(HttpClient client, String user) throws Exception {
    return FormLogIn.post(client, port, user, PASSWORD);
  }

  private String user() {
    String name = "headers-" + names.incrementAndGet() + "-" + System.nanoTime();
    TestUsers.create(users, name, PASSWORD, Role.VIEWER);
    return name;
  }

  private static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20));
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postForm(HttpClient client, String path, String form)
      throws Exception {
    return client.send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An IPv4 address of this machine other than loopback, if it has one the server listens on. */
  private static Optional<InetAddress> otherLocalAddress() throws Exception {
    return NetworkInterface.networkInterfaces()
        .filter(
            i -> {
              try {
                return i.isUp() && !i.isLoopback();
              } catch (SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address)
        .findFirst();
  }
}
