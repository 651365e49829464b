package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.storage.BlobStore;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.UserService;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A build's log over real HTTP with a real token: the whole log is the bytes the portal's own
 * download streams, and every range is exactly the bytes asked for, across the boundaries of the
 * stored chunks too.
 */
class BuildLogsApiIT extends KilnSpringTest {

  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired BuildService builds;
  @Autowired BlobStore store;
  @LocalServerPort int port;

  private ScriptCalls calls;
  private BuildInfo build;
  private byte[] stored;

  @BeforeEach
  void aBuildWithALogOfSeveralChunks() throws Exception {
    calls = new ScriptCalls(port, users, tokens);
    // Over 256 KiB, so over one stored chunk; 'é' so that bytes and characters differ.
    long project =
        calls.project(
            projects, members, ScriptCalls.draft("seq -f 'line %g é' 1 40000\n", List.of()));
    build = calls.ended(projects, builds, project);
    try (InputStream in = calls.asOwner(() -> builds.openLog(build.id()))) {
      stored = in.readAllBytes();
    }
  }

  @Test
  void theWholeLogIsTheStoredLog() {
    var response = calls.send("GET", path(), calls.token(calls.viewer, ApiScope.READ), null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t.toLowerCase()).isEqualTo("text/plain;charset=utf-8"));
    assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(response.body()).isEqualTo(stored);
    assertThat(ScriptCalls.text(response)).contains("line 39999 é\nline 40000 é\n");
    assertThat(stored.length).isEqualTo(build.logBytes()).isGreaterThan(256 * 1024);
  }

  @Test
  void eachRangeIsExactlyTheBytesAskedFor() throws Exception {
    String token = calls.token(calls.viewer, ApiScope.READ);
    int length = stored.length;
    List<long[]> ranges = new ArrayList<>();
    ranges.add(new long[] {0, 0});
    ranges.add(new long[] {10, 99});
    ranges.add(new long[] {length - 1, length - 1});
    for (long boundary : chunkBoundaries()) { // a range that ends in one chunk and goes on
      ranges.add(new long[] {boundary - 1, boundary});
      ranges.add(new long[] {boundary, boundary + 9});
      ranges.add(new long[] {boundary - 100, boundary + 100});
    }
    for (long[] r : ranges) {
      expectPart(token, "bytes=" + r[0] + "-" + r[1], r[0], r[1]);
    }
    expectPart(token, "bytes=" + (length - 5) + "-", length - 5, length - 1);
    expectPart(token, "bytes=-7", length - 7, length - 1);
    expectPart(token, "bytes=-" + (length + 100), 0, length - 1); // more than there is: all
    expectPart(token, "bytes=5-" + (length + 1000), 5, length - 1); // clipped at the end
  }

  @Test
  void aRangeThatCannotBeServedIs416WithTheLength() throws Exception {
    String token = calls.token(calls.owner, ApiScope.READ);
    int length = stored.length;
    for (String range :
        List.of(
            "bytes=" + length + "-",
            "bytes=" + (length + 5) + "-" + (length + 10),
            "bytes=5-2",
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=abc",
            "bytes=-0",
            "bytes=-",
            "bytes=99999999999999999999-")) {
      var response = calls.send("GET", path(), token, null, "Range", range);
      assertThat(response.statusCode()).as(range).isEqualTo(416);
      assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + length);
      JsonNode error = json.readTree(response.body());
      assertThat(error.get("error").asString()).isEqualTo("requested_range_not_satisfiable");
      assertThat(error.get("message").asString()).as(range).startsWith("Range '");
    }
  }

  @Test
  void whoMayReadTheLog() throws Exception {
    assertThat(calls.send("GET", path(), null, null).statusCode()).isEqualTo(401);
    var outsider = calls.send("GET", path(), calls.token(calls.outsider, ApiScope.ADMIN), null);
    assertThat(outsider.statusCode()).isEqualTo(403);
    assertThat(ScriptCalls.text(outsider)).doesNotContain("line 1 é");
    var unknown =
        calls.send(
            "GET", "/api/builds/987654321/log", calls.token(calls.owner, ApiScope.READ), null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknown.body()).get("message").asString())
        .isEqualTo("No build 987654321");
  }

  private void expectPart(String token, String range, long first, long last) {
    HttpResponse<byte[]> response = calls.send("GET", path(), token, null, "Range", range);
    assertThat(response.statusCode()).as(range).isEqualTo(206);
    assertThat(response.headers().firstValue("Content-Range"))
        .as(range)
        .hasValue("bytes " + first + "-" + last + "/" + stored.length);
    assertThat(response.body())
        .as(range)
        .isEqualTo(Arrays.copyOfRange(stored, (int) first, (int) last + 1));
  }

  /** Where each stored chunk after the first begins, read from the store itself. */
  private List<Long> chunkBoundaries() throws Exception {
    List<Long> boundaries = new ArrayList<>();
    long at = 0;
    for (int seq = 0; seq < calls.asOwner(() -> builds.logChunks(build.id())) - 1; seq++) {
      try (InputStream in = store.open("builds/%d/log/%06d".formatted(build.id(), seq))) {
        at += in.readAllBytes().length;
      }
      boundaries.add(at);
    }
    assertThat(boundaries).as("chunk boundaries").isNotEmpty();
    return boundaries;
  }

  private String path() {
    return "/api/builds/" + build.id() + "/log";
  }
}
