package dev.kiln.portal.api;

import static dev.kiln.portal.KilnSpringTest.as;
import static dev.kiln.portal.KilnSpringTest.await;

import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the script API's tests share: a project with an owner, a member viewer and an outsider, each
 * with a real API token, and requests over real HTTP with one of them.
 */
final class ScriptCalls {

  private static final AtomicInteger names = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final int port;
  private final UserService users;
  private final ApiTokens tokens;
  final String owner;
  final String viewer;
  final String outsider;

  ScriptCalls(int port, UserService users, ApiTokens tokens) {
    this.port = port;
    this.users = users;
    this.tokens = tokens;
    int n = names.incrementAndGet();
    owner = user("sc-owner-" + n, Role.MAINTAINER);
    viewer = user("sc-viewer-" + n, Role.VIEWER);
    outsider = user("sc-outsider-" + n, Role.MAINTAINER);
  }

  /** A project of the owner's with this draft, where the viewer is a member viewer. */
  long project(ProjectService projects, ProjectMembers members, ProjectDraft draft) {
    return asOwner(
        () -> {
          long id = projects.create(draft);
          members.add(id, viewer, ProjectRole.VIEWER);
          return id;
        });
  }

  /** A draft of a local-shell project with this script and these artifact patterns. */
  static ProjectDraft draft(String script, List<String> artifacts) {
    return new ProjectDraft(
        "script-api-" + names.incrementAndGet(),
        "",
        "local",
        Map.of("kill-grace-seconds", "1"),
        script,
        artifacts,
        Duration.ofMinutes(5));
  }

  /** Runs a build as the owner and waits for its end. */
  BuildInfo ended(ProjectService projects, BuildService builds, long project) {
    long id = asOwner(() -> projects.runNow(project, "script api test"));
    await(
        "build " + id + " to end",
        Duration.ofMinutes(2),
        () -> asOwner(() -> builds.find(id)).orElseThrow().state().isFinal());
    return asOwner(() -> builds.find(id)).orElseThrow();
  }

  /** A token of {@code username}'s with this scope. */
  String token(String username, ApiScope scope) {
    return as(username, List.of(role(username)), () -> tokens.create("script", scope, 1).value());
  }

  <T> T asOwner(Supplier<T> call) {
    return as(owner, List.of("ROLE_MAINTAINER"), call);
  }

  HttpResponse<byte[]> send(
      String method, String path, String token, String body, String... headers) {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private String role(String username) {
    return username.equals(viewer) ? "ROLE_VIEWER" : "ROLE_MAINTAINER";
  }

  private String user(String name, Role role) {
    TestUsers.create(users, name, "a long enough password", role);
    return name;
  }
}
