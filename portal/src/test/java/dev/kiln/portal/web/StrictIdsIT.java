package dev.kiln.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.webhook.WebhookService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ids in REST and webhook addresses count only in plain digits: every other way of writing a real
 * project's or build's id (a sign, leading zeros, hex, spaces, fullwidth or Arabic-Indic digits) is
 * 400 or 404 with a JSON error, and never reads, triggers, deletes or delivers to that project.
 */
class StrictIdsIT extends KilnSpringTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired ApiTokens tokens;
  @Autowired WebhookService webhooks;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Ways of writing {@code id} that Java's or Spring's number parsing reads as {@code id}, as path
   * segments.
   */
  static List<String> otherSpellings(long id) {
    String digits = Long.toString(id);
    return List.of(
        "%2B" + digits,
        "0" + digits,
        "00" + digits,
        "0x" + Long.toHexString(id),
        "0X" + Long.toHexString(id).toUpperCase(),
        "%23" + Long.toHexString(id),
        encode(shift(digits, '\uFF10')),
        encode(shift(digits, '\u0660')),
        encode(shift(digits, '\u06F0')),
        encode(shift(digits, '\u0966')),
        "%20" + digits,
        digits + "%20",
        "%09" + digits,
        digits + ".0",
        digits + "L",
        "-0" + digits,
        "99999999999999999999" + digits);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyOtherSpellingOfARealIdIsRefusedWithJsonAndTouchesNothing() throws Exception {
    String owner = "ids-owner-" + System.nanoTime();
    TestUsers.create(users, owner, "a long enough password", Role.MAINTAINER);
    String name = "strict-ids-" + System.nanoTime();
    long project =
        as(
            owner,
            List.of("ROLE_MAINTAINER"),
            () ->
                projects.create(
                    new ProjectDraft(
                        name,
                        "",
                        "local",
                        Map.of("kill-grace-seconds", "1"),
                        "echo hi\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    long build =
        as(owner, List.of("ROLE_MAINTAINER"), () -> projects.runNow(project, "strict ids"));
    // A token per spelling: the per-token request and trigger limits would otherwise answer 429.
    Supplier<String> newToken =
        () ->
            as(
                owner,
                List.of("ROLE_MAINTAINER"),
                () -> tokens.create("ids", ApiScope.ADMIN, 1).value());
    String token = newToken.get();
    String key = as(owner, List.of("ROLE_MAINTAINER"), () -> webhooks.createKey(project));

    List<String> wrong = new ArrayList<>();
    for (String p : otherSpellings(project)) {
      String each = newToken.get();
      for (String path :
          List.of(
              "/api/projects/" + p,
              "/api/projects/" + p + "/schedules",
              "/api/projects/" + p + "/members",
              "/api/projects/" + p + "/secrets")) {
        check("GET", path, each, null, name, wrong);
      }
      check("POST", "/api/projects/" + p + "/builds", each, null, name, wrong);
      check("DELETE", "/api/projects/" + p, each, null, name, wrong);
      check("POST", "/hooks/projects/" + p, null, key, name, wrong);
    }
    for (String b : otherSpellings(build)) {
      check("GET", "/api/builds/" + b, token, null, name, wrong);
    }
    for (String q : List.of("page=%2B0", "page=0x0", "size=%201", "size=1%20", "page=%EF%BC%90")) {
      var response = send("GET", "/api/projects?" + q, token, null);
      if (response.statusCode() != 400 || !isJsonError(response)) {
        wrong.add("GET /api/projects?" + q + ": " + response.statusCode() + " " + response.body());
      }
    }
    assertThat(wrong).as("answers that are not a JSON 400 or 404").isEmpty();
    assertThat(
            jdbc.queryForObject("select count(*) from projects where id = ?", Long.class, project))
        .isOne();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from builds where project_id = ?", Long.class, project))
        .isOne();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from webhook_deliveries where project_id = ?",
                Long.class,
                project))
        .isZero();
    // The plain spelling still works, so the refusals above are about the spelling alone.
    assertThat(send("GET", "/api/projects/" + project, token, null).statusCode()).isEqualTo(200);
  }

  private void check(
      String method,
      String path,
      String token,
      String hookKey,
      String projectName,
      List<String> wrong)
      throws Exception {
    var response = send(method, path, token, hookKey);
    if (!(response.statusCode() == 400 || response.statusCode() == 404)
        || !isJsonError(response)
        || response.body().contains(projectName)) {
      wrong.add(method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
  }

  private static boolean isJsonError(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
        && response.body().contains("\"error\"");
  }

  private HttpResponse<String> send(String method, String path, String token, String hookKey)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT);
    if (hookKey != null) {
      byte[] ping = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
      request
          .POST(HttpRequest.BodyPublishers.ofByteArray(ping))
          .header("Content-Type", "application/json")
          .header("X-GitHub-Event", "ping")
          .header("X-GitHub-Delivery", "strict-" + System.nanoTime())
          .header("X-Hub-Signature-256", "sha256=" + hmac(hookKey, ping));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String hmac(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  /** The same number in another script's digits, which {@code Character.digit} reads as 0-9. */
  static String shift(String digits, char zero) {
    var out = new StringBuilder();
    digits.chars().forEach(c -> out.append((char) (zero + (c - '0'))));
    return out.toString();
  }

  /** Percent-encodes every non-ASCII character as UTF-8, as a browser puts it in an address. */
  static String encode(String text) {
    var out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append(b >= 0x21 && b < 0x7f ? String.valueOf((char) b) : "%%%02X".formatted(b & 0xff));
    }
    return out.toString();
  }
}
