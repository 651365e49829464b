package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A build's artifacts over real HTTP with a real token (no browser session): listed with their
 * download URLs, downloaded byte for byte as the portal's own download streams them, by range too,
 * and nothing but the build's own recorded paths, however the path is dressed up.
 */
class ArtifactsApiIT extends KilnSpringTest {

  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired BuildService builds;
  @LocalServerPort int port;

  private ScriptCalls calls;
  private BuildInfo build;
  private BuildInfo other;
  private String token;

  @BeforeEach
  void aBuildWithArtifacts() {
    calls = new ScriptCalls(port, users, tokens);
    long project =
        calls.project(
            projects,
            members,
            ScriptCalls.draft(
                """
                mkdir -p dist notes
                head -c 300000 /dev/urandom > dist/app.bin
                printf 'résumé\\n' > 'notes/résumé €.txt'
                """,
                List.of("dist/*", "notes/*")));
    build = calls.ended(projects, builds, project);
    // Another project's build, with an artifact the caller must never reach from this build.
    long secret =
        calls.project(
            projects,
            members,
            ScriptCalls.draft("echo top-secret > secret.txt\n", List.of("secret.txt")));
    other = calls.ended(projects, builds, secret);
    token = calls.token(calls.viewer, ApiScope.READ);
  }

  @Test
  void everyArtifactIsListedAndDownloadsAsStored() throws Exception {
    var listed = calls.send("GET", "/api/builds/" + build.id() + "/artifacts", token, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode artifacts = json.readTree(listed.body());
    assertThat(artifacts).hasSize(2);
    assertThat(artifacts.get(0).get("path").asString()).isEqualTo("dist/app.bin");
    assertThat(artifacts.get(1).get("name").asString()).isEqualTo("résumé €.txt");
    assertThat(artifacts.get(1).get("url").asString())
        .isEqualTo(
            "/api/builds/" + build.id() + "/artifacts/notes/r%C3%A9sum%C3%A9%20%E2%82%AC.txt");
    for (JsonNode artifact : artifacts) {
      String path = artifact.get("path").asString();
      var download = calls.send("GET", artifact.get("url").asString(), token, null);
      assertThat(download.statusCode()).as(path).isEqualTo(200);
      byte[] stored;
      try (InputStream in = calls.asOwner(() -> open(path))) {
        stored = in.readAllBytes();
      }
      assertThat(download.body()).as(path).isEqualTo(stored);
      assertThat(download.body().length).isEqualTo(artifact.get("size").asLong());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)))
          .isEqualTo(artifact.get("sha256").asString());
      assertThat(download.headers().firstValue("Content-Type"))
          .hasValue("application/octet-stream");
      String name = artifact.get("name").asString();
      assertThat(download.headers().firstValue("Content-Disposition"))
          .hasValueSatisfying(
              d ->
                  assertThat(d)
                      .startsWith("attachment; filename=\"")
                      .contains("filename*=UTF-8''"));
      assertThat(name).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
    }
  }

  @Test
  void aRangeOfAnArtifactIsExactlyThoseBytes() throws Exception {
    byte[] stored;
    try (InputStream in = calls.asOwner(() -> open("dist/app.bin"))) {
      stored = in.readAllBytes();
    }
    String url = "/api/builds/" + build.id() + "/artifacts/dist/app.bin";
    var part = calls.send("GET", url, token, null, "Range", "bytes=1000-1999");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/300000");
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(stored, 1000, 2000));
    var end = calls.send("GET", url, token, null, "Range", "bytes=-10");
    assertThat(end.body()).isEqualTo(Arrays.copyOfRange(stored, stored.length - 10, stored.length));
    assertThat(calls.send("GET", url, token, null, "Range", "bytes=300000-").statusCode())
        .isEqualTo(416);
  }

  @Test
  void nothingOutsideTheBuildsRecordedPathsIsServed() {
    String base = "/api/builds/" + build.id() + "/artifacts/";
    String otherId = String.valueOf(other.id());
    for (String path :
        List.of(
            "../../" + otherId + "/artifacts/secret.txt",
            "dist/../../../" + otherId + "/artifacts/secret.txt",
            "%2e%2e/%2e%2e/" + otherId + "/artifacts/secret.txt",
            "%2E%2E%2F%2E%2E%2F" + otherId + "%2Fartifacts%2Fsecret.txt",
            "..%2f..%2f" + otherId + "/artifacts/secret.txt",
            "dist/%2e%2e/dist/app.bin",
            "dist//app.bin",
            "dist%00/app.bin")) {
      RawHttp.Response response =
          RawHttp.send(
              port,
              "GET " + base + path + " HTTP/1.1\r\nAuthorization: Bearer " + token,
              null,
              false);
      assertThat(response.status()).as(path).isEqualTo(400);
      assertThat(response.body()).as(path).doesNotContain("top-secret").startsWith("{\"error\"");
    }
    for (String path : List.of("secret.txt", "dist", "dist/", "app.bin", "/dist/app.bin")) {
      var response = calls.send("GET", base + path, token, null);
      assertThat(response.statusCode()).as(path).isIn(400, 404);
      assertThat(ScriptCalls.text(response)).as(path).doesNotContain("top-secret");
    }
    var missing = calls.send("GET", base + "secret.txt", token, null);
    assertThat(ScriptCalls.text(missing))
        .contains("Build " + build.id() + " has no artifact 'secret.txt'.");
  }

  @Test
  void whoMayListAndDownload() {
    String url = "/api/builds/" + build.id() + "/artifacts/dist/app.bin";
    String list = "/api/builds/" + build.id() + "/artifacts";
    assertThat(calls.send("GET", url, null, null).statusCode()).isEqualTo(401);
    assertThat(calls.send("GET", list, null, null).statusCode()).isEqualTo(401);
    String outsider = calls.token(calls.outsider, ApiScope.ADMIN);
    assertThat(calls.send("GET", url, outsider, null).statusCode()).isEqualTo(403);
    assertThat(calls.send("GET", list, outsider, null).statusCode()).isEqualTo(403);
    assertThat(calls.send("GET", "/api/builds/987654321/artifacts", token, null).statusCode())
        .isEqualTo(404);
    assertThat(
            calls
                .send("GET", "/api/builds/987654321/artifacts/dist/app.bin", token, null)
                .statusCode())
        .isEqualTo(404);
  }

  private InputStream open(String path) {
    try {
      return builds.openArtifact(build.id(), path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
