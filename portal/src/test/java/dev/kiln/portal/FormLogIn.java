package dev.kiln.portal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs in over plain HTTP as the log-in page's form does: it opens the page for a session and the
 * CSRF token the page carries, then posts the form with both. Without the token Kiln refuses the
 * form.
 */
public final class FormLogIn {

  private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

  private FormLogIn() {}

  /** The answer to the form's POST (302 to the start page, or to {@code /login?error}, or 429). */
  public static HttpResponse<String> post(
      HttpClient http, int port, String username, String password)
      throws IOException, InterruptedException {
    return post(http, port, username, password, Map.of());
  }

  /** The same, with {@code headers} added to the form's POST (an {@code X-Forwarded-For}, say). */
  public static HttpResponse<String> post(
      HttpClient http, int port, String username, String password, Map<String, String> headers)
      throws IOException, InterruptedException {
    URI login = URI.create("http://127.0.0.1:" + port + "/login");
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher token = CSRF.matcher(page.body());
    if (!token.find()) {
      throw new AssertionError("The log-in page has no CSRF token:\n" + page.body());
    }
    var form =
        "username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&_csrf="
            + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    var post =
        HttpRequest.newBuilder(login)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(post::header);
    // The session the token belongs to, unless the client keeps cookies itself.
    if (http.cookieHandler().isEmpty()) {
      page.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("JSESSIONID="))
          .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
          .findFirst()
          .ifPresent(cookie -> post.header("Cookie", cookie));
    }
    return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
  }
}
