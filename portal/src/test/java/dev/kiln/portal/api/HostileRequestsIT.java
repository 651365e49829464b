package dev.kiln.portal.api;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile and malformed requests to {@code /api/**} on the real server, sent byte for byte: each
 * must get its status with a JSON body {@code {"error": ..., "message": ...}}, never a redirect to
 * the browser's log-in page and never HTML, whatever the {@code Accept} header says.
 */
class HostileRequestsIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @LocalServerPort int port;

  /** One request of the table and the status it must get. */
  record Hostile(String what, String head, byte[] body, boolean chunked, int status) {

    Hostile(String what, String head, byte[] body, int status) {
      this(what, head, body, false, status);
    }

    static Hostile of(String what, String head, int status) {
      return new Hostile(what, head, null, status);
    }

    static Hostile of(String what, String head, String body, int status) {
      return new Hostile(what, head, body.getBytes(StandardCharsets.UTF_8), status);
    }

    static Hostile chunked(String what, String head, String body, int status) {
      return new Hostile(what, head, body.getBytes(StandardCharsets.UTF_8), true, status);
    }
  }

  @Test
  void everyHostileRequestGetsItsStatusAsJson() {
    String admin = "hostile-" + names.incrementAndGet();
    TestUsers.create(users, admin, "a long enough password", Role.ADMIN);
    String token =
        as(admin, List.of("ROLE_ADMIN"), () -> tokens.create("hostile", ApiScope.ADMIN, 1).value());
    long project =
        as(
            admin,
            List.of("ROLE_ADMIN"),
            () ->
                projects.create(
                    new ProjectDraft(
                        "hostile-" + names.incrementAndGet(),
                        "",
                        "local",
                        Map.of(),
                        "echo hi\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    String auth = "\r\nAuthorization: Bearer " + token;
    String json = auth + "\r\nContent-Type: application/json";
    String schedules = "/api/projects/" + project + "/schedules";
    String tooBig = "{\"name\": \"" + "x".repeat(1_200_000) + "\"}";

    List<Hostile> table =
        new ArrayList<>(
            List.of(
                // Query parameters
                Hostile.of(
                    "a NUL byte in a filter", "GET /api/projects?filter=%00 HTTP/1.1" + auth, 400),
                Hostile.of(
                    "a NUL byte in a parameter's name",
                    "GET /api/projects?%00=1 HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "invalid UTF-8 in a filter",
                    "GET /api/projects?filter=%C3%28 HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "a lone continuation byte",
                    "GET /api/projects?filter=%FF HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "a broken escape in the query",
                    "GET /api/projects?filter=%zz HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "a page offset past 2^31",
                    "GET /api/projects?page=2147483647&size=500 HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "a page offset just past 2^31",
                    "GET /api/projects?page=4294968&size=500 HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "a page number past a long",
                    "GET /api/projects?page=99999999999999999999 HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "a page that is no number", "GET /api/projects?page=abc HTTP/1.1" + auth, 400),
                Hostile.of(
                    "a size in exponent form", "GET /api/projects?size=1e3 HTTP/1.1" + auth, 400),
                Hostile.of(
                    "a negative page, clamped",
                    "GET /api/projects?page=-2147483648 HTTP/1.1" + auth,
                    200),
                Hostile.of(
                    "more parameters than Tomcat reads",
                    "GET /api/projects?" + "a=1&".repeat(1500) + "b=2 HTTP/1.1" + auth,
                    400),
                Hostile.of(
                    "a pipe in the query", "GET /api/projects?filter=a|b HTTP/1.1" + auth, 400),
                Hostile.of(
                    "a fires limit past an int",
                    "GET " + schedules + "/1/fires?limit=9999999999 HTTP/1.1" + auth,
                    400),
                // Paths
                Hostile.of("an unknown endpoint", "GET /api/nope HTTP/1.1" + auth, 404),
                Hostile.of(
                    "an id past a long",
                    "GET /api/projects/99999999999999999999 HTTP/1.1" + auth,
                    400),
                Hostile.of("an id that is no number", "GET /api/projects/abc HTTP/1.1" + auth, 400),
                Hostile.of("a missing project", "GET /api/projects/0 HTTP/1.1" + auth, 404),
                Hostile.of("a NUL byte in the path", "GET /api/projects/%00 HTTP/1.1" + auth, 400),
                Hostile.of(
                    "a broken escape in the path", "GET /api/projects/%zz HTTP/1.1" + auth, 400),
                Hostile.of("an encoded slash", "GET /api/projects/1%2F2 HTTP/1.1" + auth, 400),
                Hostile.of(
                    "an encoded dot segment", "GET /api/projects/%2e%2e/x HTTP/1.1" + auth, 400),
                Hostile.of("a path parameter", "GET /api/..;/login HTTP/1.1" + auth, 400),
                Hostile.of("a double slash", "GET /api//projects HTTP/1.1" + auth, 400),
                Hostile.of("a backslash", "GET /api/projects\\1 HTTP/1.1" + auth, 400),
                Hostile.of("a brace", "GET /api/projects/{1} HTTP/1.1" + auth, 400),
                // Methods
                Hostile.of(
                    "DELETE on a read-only resource", "DELETE /api/builds/1 HTTP/1.1" + auth, 405),
                Hostile.of("PATCH on the project list", "PATCH /api/projects HTTP/1.1" + auth, 405),
                Hostile.of(
                    "PUT on the API description", "PUT /api/openapi.json HTTP/1.1" + auth, 405),
                Hostile.of("TRACE", "TRACE /api/projects HTTP/1.1" + auth, 405),
                Hostile.of(
                    "a method the firewall does not know",
                    "FROB /api/projects HTTP/1.1" + auth,
                    400),
                // Accept
                // Accept: the API answers JSON whatever is asked (HTTP lets a server disregard
                // Accept rather than
                // answer 406, and a 406 after a POST did its work would invite a retry).
                Hostile.of(
                    "Accept: XML only",
                    "GET /api/projects HTTP/1.1" + auth + "\r\nAccept: application/xml",
                    200),
                Hostile.of(
                    "Accept: HTML only",
                    "GET /api/projects HTTP/1.1" + auth + "\r\nAccept: text/html",
                    200),
                Hostile.of(
                    "an Accept header that does not parse",
                    "GET /api/projects HTTP/1.1" + auth + "\r\nAccept: ;;;",
                    200),
                Hostile.of(
                    "Accept: JSON refused",
                    "GET /api/projects HTTP/1.1" + auth + "\r\nAccept: application/json;q=0",
                    200),
                Hostile.of(
                    "a 404 asked as XML",
                    "GET /api/nope HTTP/1.1" + auth + "\r\nAccept: application/xml",
                    404),
                Hostile.of(
                    "a 404 asked as HTML",
                    "GET /api/projects/0 HTTP/1.1" + auth + "\r\nAccept: text/html",
                    404),
                Hostile.of(
                    "a 401 asked as HTML", "GET /api/projects HTTP/1.1\r\nAccept: text/html", 401),
                Hostile.of(
                    "a 405 asked as XML",
                    "DELETE /api/builds/1 HTTP/1.1" + auth + "\r\nAccept: application/xml",
                    405),
                // Bodies
                Hostile.of(
                    "truncated JSON", "POST " + schedules + " HTTP/1.1" + json, "{\"name\":", 400),
                Hostile.of(
                    "an array for an object", "POST " + schedules + " HTTP/1.1" + json, "[]", 400),
                Hostile.of(
                    "a word for a boolean",
                    "POST " + schedules + " HTTP/1.1" + json,
                    "{\"name\": \"x\", \"expression\": \"0 3 * * *\", \"enabled\": \"maybe\"}",
                    400),
                Hostile.of(
                    "an unknown enum value",
                    "POST " + schedules + " HTTP/1.1" + json,
                    "{\"name\": \"x\", \"expression\": \"0 3 * * *\", \"overlap\": \"MAYBE\"}",
                    400),
                Hostile.of(
                    "a string for a map",
                    "POST " + schedules + " HTTP/1.1" + json,
                    "{\"name\": \"x\", \"expression\": \"0 3 * * *\", \"parameters\": \"oops\"}",
                    400),
                Hostile.of(
                    "a NUL in a name",
                    "POST " + schedules + " HTTP/1.1" + json,
                    "{\"name\": \"a\\u0000b\", \"expression\": \"0 3 * * *\"}",
                    400),
                Hostile.of(
                    "a lone surrogate in a name",
                    "POST " + schedules + " HTTP/1.1" + json,
                    "{\"name\": \"a\\ud800b\", \"expression\": \"0 3 * * *\"}",
                    400),
                new Hostile(
                    "invalid UTF-8 in the body",
                    "POST " + schedules + " HTTP/1.1" + json,
                    new byte[] {
                      '{',
                      '"',
                      'n',
                      'a',
                      'm',
                      'e',
                      '"',
                      ':',
                      '"',
                      (byte) 0xC3,
                      (byte) 0x28,
                      '"',
                      '}'
                    },
                    400),
                Hostile.of(
                    "nesting deeper than any parser allows",
                    "POST " + schedules + " HTTP/1.1" + json,
                    "[".repeat(5000) + "]".repeat(5000),
                    400),
                Hostile.of(
                    "a number past any type",
                    "PUT /api/projects/" + project + "/members/x HTTP/1.1" + json,
                    "{\"role\": 1e999999}",
                    400),
                Hostile.of("no body", "POST " + schedules + " HTTP/1.1" + json, "", 400),
                Hostile.of(
                    "a body past the limit", "POST " + schedules + " HTTP/1.1" + json, tooBig, 413),
                Hostile.chunked(
                    "a body past the limit, in chunks",
                    "POST " + schedules + " HTTP/1.1" + json,
                    tooBig,
                    413),
                Hostile.chunked(
                    "a body in chunks",
                    "POST " + schedules + " HTTP/1.1" + json,
                    "{\"name\": \"chunked\", \"expression\": \"0 3 * * *\"}",
                    201),
                Hostile.of(
                    "plain text",
                    "POST " + schedules + " HTTP/1.1" + auth + "\r\nContent-Type: text/plain",
                    "{\"name\": \"x\"}",
                    415),
                Hostile.of(
                    "XML",
                    "POST " + schedules + " HTTP/1.1" + auth + "\r\nContent-Type: application/xml",
                    "<schedule/>",
                    415),
                Hostile.of(
                    "no content type",
                    "POST " + schedules + " HTTP/1.1" + auth,
                    "{\"name\": \"x\"}",
                    415),
                Hostile.of(
                    "a content type that does not parse",
                    "POST " + schedules + " HTTP/1.1" + auth + "\r\nContent-Type: ;;;",
                    "{\"name\": \"x\"}",
                    415),
                Hostile.of(
                    "an unknown charset",
                    "POST "
                        + schedules
                        + " HTTP/1.1"
                        + auth
                        + "\r\nContent-Type: application/json; charset=klingon",
                    "{\"name\": \"x\"}",
                    415),
                Hostile.of(
                    "a form body",
                    "POST "
                        + schedules
                        + " HTTP/1.1"
                        + auth
                        + "\r\nContent-Type: application/x-www-form-urlencoded",
                    "name=x&name=%00",
                    415),
                Hostile.of(
                    "a form bigger than forms may be",
                    "POST "
                        + schedules
                        + " HTTP/1.1"
                        + auth
                        + "\r\nContent-Type: application/x-www-form-urlencoded",
                    "a=" + "b".repeat(3 << 20),
                    413),
                // Headers and tokens
                Hostile.of("no token", "GET /api/projects HTTP/1.1", 401),
                Hostile.of(
                    "a token far too long",
                    "GET /api/projects HTTP/1.1\r\nAuthorization: Bearer kiln_" + "x".repeat(6000),
                    401),
                Hostile.of(
                    "a header too large",
                    "GET /api/projects HTTP/1.1" + auth + "\r\nX-Big: " + "x".repeat(20_000),
                    400),
                Hostile.of(
                    "a control byte in a header",
                    "GET /api/projects HTTP/1.1" + auth + "\r\nX-Bad: a\u0001b",
                    400),
                Hostile.of(
                    "a NUL in the query, without a token",
                    "GET /api/projects?filter=%00 HTTP/1.1",
                    400)));

    var soft = new SoftAssertions();
    for (Hostile h : table) {
      RawHttp.Response response = RawHttp.send(port, h.head(), h.body(), h.chunked());
      String seen =
          h.what()
              + ": "
              + response.status()
              + " "
              + response.headers()
              + " "
              + abbreviate(response.body());
      System.out.println(
          "hostile: " + h.what() + " -> " + response.status() + " " + abbreviate(response.body()));
      soft.assertThat(response.status()).as(seen).isEqualTo(h.status());
      soft.assertThat(response.header("Content-Type")).as(seen).startsWith("application/json");
      if (response.status() >= 400) {
        soft.assertThat(response.header("Location")).as(seen).isNull();
        JsonNode body = parse(response.body());
        soft.assertThat(
                body != null
                    && body.path("error").isString()
                    && body.path("message").isString()
                    && !body.path("message").asString().isBlank())
            .as(seen)
            .isTrue();
      }
    }
    soft.assertAll();
  }

  private static JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
