package dev.kiln.portal.api;

import dev.kiln.portal.base.AttachmentHeader;
import dev.kiln.portal.build.ArtifactInfo;
import dev.kiln.portal.build.BuildService;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * A build's artifacts over REST: the list, and each file, streamed as an attachment (byte ranges
 * too, so an interrupted download resumes with {@code curl -C -}). Only a path the build recorded
 * is served, looked up as it is: nothing in the path is resolved against a folder, so {@code ../}
 * leads nowhere (and the firewall refuses it, and {@code %2e%2e}, before it gets here).
 */
@RestController
class ArtifactsApi {

  private static final String PREFIX = "/api/builds/";

  private final BuildService builds;

  ArtifactsApi(BuildService builds) {
    this.builds = builds;
  }

  /**
   * An artifact as the API lists it.
   *
   * @param path its path in the build's workspace
   * @param name its file name, as downloads name it
   * @param sha256 hex, or {@code null} when Kiln did not record one
   * @param url where to download it with the same token
   */
  record ArtifactJson(String path, String name, long size, String sha256, String url) {}

  @GetMapping("/api/builds/{id}/artifacts")
  List<ArtifactJson> list(@PathVariable long id) {
    existing(id);
    return builds.artifacts(id).stream().map(a -> json(id, a)).toList();
  }

  @GetMapping("/api/builds/{id}/artifacts/{*path}")
  void download(
      @PathVariable long id,
      @PathVariable String path,
      @RequestHeader(value = HttpHeaders.RANGE, required = false) String range,
      HttpServletResponse response)
      throws IOException {
    existing(id);
    String wanted = path.startsWith("/") ? path.substring(1) : path; // {*path} keeps its slash
    ArtifactInfo artifact =
        builds.artifacts(id).stream()
            .filter(a -> a.path().equals(wanted))
            .findFirst()
            .orElseThrow(
                () ->
                    new NoSuchElementException(
                        "Build " + id + " has no artifact '" + wanted + "'."));
    ByteRange bytes = ByteRange.of(range, artifact.size(), "Artifact '" + wanted + "'");
    try (InputStream in = builds.openArtifact(id, wanted)) {
      in.skipNBytes(bytes.first()); // a local file seeks; S3 reads through
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION, AttachmentHeader.of(name(wanted)));
      bytes.send(response, "application/octet-stream", in);
    }
  }

  /** 404 for a build that does not exist, 403 when the caller may not see it. */
  private void existing(long id) {
    builds.find(id).orElseThrow(() -> new NoSuchElementException("No build " + id));
  }

  private static ArtifactJson json(long buildId, ArtifactInfo a) {
    String encoded =
        Arrays.stream(a.path().split("/", -1))
            .map(segment -> UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
            .collect(Collectors.joining("/"));
    return new ArtifactJson(
        a.path(), name(a.path()), a.size(), a.sha256(), PREFIX + buildId + "/artifacts/" + encoded);
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
