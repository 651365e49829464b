package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Guessing passwords is slowed down: after too many failures, 429 with Retry-After. */
class LoginThrottleIT extends KilnSpringTest {

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void tooManyFailuresForOneAccountAreAnsweredWith429() throws Exception {
    for (int i = 0; i < LoginAttempts.PER_ACCOUNT; i++) {
      HttpResponse<String> failed = logIn("guessed-account", "wrong-" + i);
      assertThat(failed.statusCode()).as("attempt " + i).isEqualTo(302);
      assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
    }

    HttpResponse<String> throttled = logIn("GUESSED-ACCOUNT", "wrong-again");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, LoginAttempts.WINDOW.toSeconds()));
    assertThat(throttled.body()).startsWith("Too many failed log-ins");

    // Another account from the same address is not locked by it.
    assertThat(logIn("another-account", "wrong").statusCode()).isEqualTo(302);
  }

  @Test
  void pagesCarryTheSecurityHeaders() throws Exception {
    // "/" goes through the security chain (anonymous: redirected to the log-in page).
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(page.headers().firstValue("Permissions-Policy")).hasValueSatisfying(p -> assertThat(p).contains("camera=()"));
  }

  private HttpResponse<String> logIn(String username, String password) throws IOException, InterruptedException {
    return dev.kiln.portal.FormLogIn.post(http, port, username, password);
  }
}
