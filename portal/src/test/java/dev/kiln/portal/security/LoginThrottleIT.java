package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.portal.FormLogIn;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Guessing passwords is slowed down: after too many failures, 429 with Retry-After. */
class LoginThrottleIT extends KilnSpringTest {

  private static final String PASSWORD = "a-long-enough-password-for-folding";

  /**
   * Spellings that are the account {@code maint-fold}: case, fullwidth forms, dotless i, spaces
   * around, and control characters around (which the log-in form trims).
   */
  private static final List<String> SAME_ACCOUNT =
      List.of(
          "MAINT-FOLD",
          "Maint-Fold",
          "ｍａｉｎｔ－ｆｏｌｄ",
          "ＭＡＩＮＴ-ＦＯＬＤ",
          "ma\u0131nt-fold",
          " maint-fold ",
          "maint-fold\u00a0",
          "\u3000maint-fold",
          "maint\ufe63fold",
          "maint-fold\u0000",
          "\u0001maint-fold\u001f");

  /** The same spellings of {@code maint-spelt}. */
  private static final List<String> SPELT =
      List.of(
          "MAINT-SPELT",
          "Maint-Spelt",
          "ｍａｉｎｔ－ｓｐｅｌｔ",
          "ＭＡＩＮＴ-ＳＰＥＬＴ",
          "ma\u0131nt-spelt",
          " maint-spelt ",
          "maint-spelt\u00a0",
          "\u3000maint-spelt",
          "maint\ufe63spelt");

  /**
   * Spellings that are no account: a dotted capital I, a combining dot, invisible characters, other
   * dashes.
   */
  private static final List<String> NO_ACCOUNT =
      List.of(
          "ma\u0130nt-fold",
          "MA\u0130NT-FOLD",
          "mai\u0307nt-fold",
          "ma\u200bint-fold",
          "maint-fold\u200d",
          "\ufeffmaint-fold",
          "maint\u2010fold",
          "maint\u2212fold",
          "m\u0430int-fold",
          "maint-fo\u006c\u0338d",
          "maint\u0000fold");

  @Autowired UserService users;
  @LocalServerPort int port;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void tooManyFailuresForOneAccountAreAnsweredWith429() throws Exception {
    for (int i = 0; i < LoginAttempts.PER_ACCOUNT; i++) {
      HttpResponse<String> failed = logIn("guessed-account", "wrong-" + i);
      assertThat(failed.statusCode()).as("attempt " + i).isEqualTo(302);
      assertThat(failed.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
    }

    HttpResponse<String> throttled = logIn("GUESSED-ACCOUNT", "wrong-again");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After"))
        .hasValueSatisfying(
            seconds ->
                assertThat(Long.parseLong(seconds))
                    .isBetween(1L, LoginAttempts.WINDOW.toSeconds()));
    assertThat(throttled.body()).startsWith("Too many failed log-ins");

    // Another account from the same address is not locked by it.
    assertThat(logIn("another-account", "wrong").statusCode()).isEqualTo(302);
  }

  /**
   * A user name can be spelt many ways that fold to it (case, fullwidth letters, dotted and dotless
   * i, look-alike dashes, spaces, invisible characters). Each spelling either is the account, and
   * shares its one lock, or is no account at all: none ever logs in past the lock.
   */
  @Test
  void everySpellingOfALockedAccountIsLockedOrUnknown() throws Exception {
    HttpClient http = clientFrom("127.0.0.5"); // an address of its own, far from its own limit
    TestUsers.create(users, "maint-fold", PASSWORD, Role.MAINTAINER);
    for (int i = 0; i < LoginAttempts.PER_ACCOUNT; i++) {
      assertFailure(logIn(http, "maint-fold", "wrong-" + i), "attempt " + i);
    }

    for (String spelling : SAME_ACCOUNT) {
      assertThat(logIn(http, spelling, PASSWORD).statusCode())
          .as("'%s' is the account, so it is locked", spelling)
          .isEqualTo(429);
    }
    for (String spelling : NO_ACCOUNT) {
      assertFailure(logIn(http, spelling, PASSWORD), "'" + spelling + "' is no account");
    }
  }

  /** Failures under any spelling of the account count against its one lock. */
  @Test
  void failuresUnderEverySpellingCountForTheOneAccount() throws Exception {
    HttpClient http = clientFrom("127.0.0.6");
    TestUsers.create(users, "maint-spelt", PASSWORD, Role.MAINTAINER);
    for (int i = 0; i < LoginAttempts.PER_ACCOUNT; i++) {
      String spelling = SPELT.get(i % SPELT.size());
      assertFailure(logIn(http, spelling, "wrong-" + i), "attempt " + i + " as '" + spelling + "'");
    }

    assertThat(logIn(http, "maint-spelt", PASSWORD).statusCode()).isEqualTo(429);
  }

  @Test
  void pagesCarryTheSecurityHeaders() throws Exception {
    // "/" goes through the security chain (anonymous: redirected to the log-in page).
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(page.headers().firstValue("Permissions-Policy"))
        .hasValueSatisfying(p -> assertThat(p).contains("camera=()"));
  }

  /** A refused log-in: back to the log-in page with an error. */
  private static void assertFailure(HttpResponse<String> response, String what) {
    assertThat(response.statusCode() + " " + response.headers().firstValue("Location").orElse(""))
        .as(what)
        .matches("302 .*/login\\?error");
  }

  private static HttpClient clientFrom(String address) throws IOException {
    InetAddress local = InetAddress.getByName(address);
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(local, 0));
    } catch (IOException e) {
      assumeTrue(false, "this system routes no loopback address but 127.0.0.1");
    }
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .localAddress(local)
        .build();
  }

  private HttpResponse<String> logIn(String username, String password)
      throws IOException, InterruptedException {
    return logIn(http, username, password);
  }

  private HttpResponse<String> logIn(HttpClient http, String username, String password)
      throws IOException, InterruptedException {
    return FormLogIn.post(http, port, username, password);
  }
}
