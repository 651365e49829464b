package dev.kiln.builder.gha;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings and requests pointing at a {@link FakeGitHub}, and runs of them. */
final class Builds {

  private static final AtomicInteger IDS = new AtomicInteger(4100);

  private Builds() {}

  /** Instance settings for the fake's repository and workflow, polling each second. */
  static Map<String, String> values(FakeGitHub github) {
    Map<String, String> values = new HashMap<>();
    values.put(GhaSettings.API_URL, github.url());
    values.put(GhaSettings.REPOSITORY, FakeGitHub.REPO);
    values.put(GhaSettings.TOKEN, "github-token");
    values.put(GhaSettings.WORKFLOW, FakeGitHub.WORKFLOW);
    values.put(GhaSettings.REF, "main");
    values.put(GhaSettings.POLL_SECONDS, "1");
    values.put(GhaSettings.START_WITHIN_SECONDS, "10");
    return values;
  }

  /** The values with the secret named by the token setting opened to {@code token}. */
  static BuilderSettings settings(Map<String, String> values, String token) {
    return new BuilderSettings(values, Map.of(GhaSettings.TOKEN, token));
  }

  static BuilderSettings settings(FakeGitHub github) {
    return settings(values(github), FakeGitHub.TOKEN);
  }

  static BuildRequest request(BuilderSettings settings) {
    return request(settings, List.of(), Duration.ofMinutes(5));
  }

  static BuildRequest request(BuilderSettings settings, List<String> patterns, Duration timeout) {
    return new BuildRequest(
        Integer.toString(IDS.incrementAndGet()),
        "wheels",
        "",
        patterns,
        Map.of(),
        timeout,
        settings);
  }

  /** Runs the request to its end on the calling thread. */
  static BuildResult run(BuildRequest request, TestBuildContext context) throws Exception {
    return new GitHubActionsBuilder().run(request, context);
  }

  /** Starts the request on a new daemon thread, so the test can cancel it meanwhile. */
  static Future<BuildResult> start(BuildRequest request, TestBuildContext context) {
    FutureTask<BuildResult> task =
        new FutureTask<>(() -> new GitHubActionsBuilder().run(request, context));
    Thread.ofPlatform().daemon().name("run-" + request.buildId()).start(task);
    return task;
  }
}
