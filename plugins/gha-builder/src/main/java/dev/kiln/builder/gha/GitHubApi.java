package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * GitHub's REST API for one repository, with the JDK's HTTP client: the headers GitHub asks for,
 * rate-limit waits through {@link Pacing}, retries of failed reads, and refusals turned into {@link
 * ApiFailure}s. Opened per build, health check or reap, and closed after.
 */
final class GitHubApi implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int READ_ATTEMPTS = 3;
  private static final String USER_AGENT = "Kiln-GitHub-Actions-builder";

  private final HttpClient http;
  private final GhaSettings settings;
  private final Pacing pacing;

  private GitHubApi(GhaSettings settings, Pacing pacing) {
    // Redirects are followed by hand: the token must not travel to the storage host of a download.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.settings = settings;
    this.pacing = pacing;
  }

  /** A client for the settings' API and repository. */
  static GitHubApi open(GhaSettings settings, Pacing pacing) {
    return new GitHubApi(settings, pacing);
  }

  /**
   * A GitHub answer that was not refused.
   *
   * @param status the HTTP status (2xx, or 3xx for a redirect)
   * @param body the JSON body, or a missing node when there was none
   * @param limit the rate-limit headers
   * @param next the {@code rel="next"} page of a list, when there is one
   */
  record Answer(int status, JsonNode body, RateLimit limit, Optional<URI> next) {}

  /** GETs {@code path} (relative to the API base, query included), retrying failed reads. */
  Answer get(String path) throws BuildException, InterruptedException {
    return send("GET", resolve(path), null);
  }

  /** GETs a page URL GitHub gave in a {@code Link} header. */
  Answer get(URI page) throws BuildException, InterruptedException {
    return send("GET", sameOrigin(page), null);
  }

  /** POSTs {@code body} as JSON to {@code path}. */
  Answer post(String path, Object body) throws BuildException, InterruptedException {
    return send("POST", resolve(path), body);
  }

  /** Downloads what {@code path} redirects to (a log or artifact zip) into {@code target}. */
  void download(String path, Path target) throws BuildException, InterruptedException {
    Answer answer = get(path);
    String location = answer.body().path("location").asText("");
    if (answer.status() / 100 != 3 || location.isEmpty()) {
      throw new ApiFailure(answer.status(), "GitHub gave no download link for " + path + ".");
    }
    // The link is signed and short-lived; it goes without the token.
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(location))
            .timeout(REQUEST_TIMEOUT)
            .header("User-Agent", USER_AGENT)
            .GET()
            .build();
    try {
      HttpResponse<Path> response = http.send(request, BodyHandlers.ofFile(target));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(target);
        throw new ApiFailure(
            response.statusCode(),
            "The download of " + path + " failed with status " + response.statusCode() + ".");
      }
    } catch (IOException e) {
      throw new BuildException("Could not download " + path + ": " + describe(e), e);
    }
  }

  private Answer send(String method, URI uri, Object body)
      throws BuildException, InterruptedException {
    String what = method + " " + uri.getRawPath();
    for (int attempt = 1; ; attempt++) {
      pacing.beforeRequest();
      HttpResponse<byte[]> response;
      try {
        response = http.send(request(method, uri, body), BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (retry(method, attempt)) {
          continue;
        }
        throw new BuildException(
            "Cannot reach GitHub at " + settings.apiBase() + ": " + describe(e), e);
      }
      RateLimit limit = RateLimit.of(response.headers());
      pacing.observe(limit);
      int status = response.statusCode();
      JsonNode json = parse(response.body());
      if (status / 100 == 2 || status / 100 == 3) {
        if (status / 100 == 3) {
          json =
              JSON.createObjectNode()
                  .put("location", response.headers().firstValue("location").orElse(""));
        }
        return new Answer(status, json, limit, Links.next(response.headers()));
      }
      String message = scrub(json.path("message").asText(""));
      Optional<Duration> wait = limit.waitBeforeRetry(status, message, pacing.clock().instant());
      if (wait.isPresent()) {
        pacing.awaitRateLimit(wait.get(), status, limit);
        continue;
      }
      if (status >= 500 && retry(method, attempt)) {
        continue;
      }
      throw ApiFailure.of(status, message, limit, settings, what);
    }
  }

  private boolean retry(String method, int attempt) throws InterruptedException {
    // Reads only: a POST that failed midway may have been done, and a second dispatch is a second
    // run.
    return "GET".equals(method)
        && attempt < READ_ATTEMPTS
        && pacing.mayRetry()
        && pacing.awaitRetry(Duration.ofSeconds(attempt));
  }

  private HttpRequest request(String method, URI uri, Object body) throws BuildException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("User-Agent", USER_AGENT);
    if (settings.token().isEmpty()) {
      throw new BuildException(
          "No token: the Token setting is empty or Kiln could not open its secret.");
    }
    request.header("Authorization", "Bearer " + settings.token());
    if (body == null) {
      return request.method(method, BodyPublishers.noBody()).build();
    }
    try {
      return request
          .header("Content-Type", "application/json")
          .method(method, BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
          .build();
    } catch (IOException e) {
      throw new BuildException("Could not write the request to GitHub: " + e.getMessage(), e);
    }
  }

  private URI resolve(String path) {
    return URI.create(settings.apiBase() + path);
  }

  /** The token goes to the API's own origin only, never to a host a response names. */
  private URI sameOrigin(URI page) throws BuildException {
    URI base = settings.apiBase();
    boolean same =
        base.getScheme().equals(page.getScheme())
            && base.getHost().equalsIgnoreCase(page.getHost())
            && base.getPort() == page.getPort();
    if (!same) {
      throw new BuildException(
          "GitHub sent a next-page link to another host (" + page.getHost() + "); refused.");
    }
    return page;
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
    } catch (IOException e) {
      // Not JSON (a proxy's HTML error page): treated as a body without fields.
      return MissingNode.getInstance();
    }
  }

  /** Removes the token from text GitHub sent back, should it ever echo it. */
  private String scrub(String text) {
    return settings.token().isEmpty() ? text : text.replace(settings.token(), "***");
  }

  private static String describe(IOException e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + " (" + e.getMessage() + ")";
  }

  @Override
  public void close() {
    http.close();
  }
}
