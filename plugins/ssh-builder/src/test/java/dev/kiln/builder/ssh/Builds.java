package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds requests for the SSH builder and runs them, in the test thread or in the background. */
final class Builds {

  private static final AtomicInteger IDS = new AtomicInteger();

  private Builds() {}

  static BuildRequest request(String script, BuilderSettings settings) {
    return request(script, List.of(), Map.of(), settings);
  }

  static BuildRequest request(
      String script,
      List<String> patterns,
      Map<String, String> environment,
      BuilderSettings settings) {
    return new BuildRequest(
        "build-" + IDS.incrementAndGet(),
        "test-project",
        script,
        patterns,
        environment,
        Duration.ofMinutes(5),
        settings);
  }

  /** Runs the request to its end on the calling thread. */
  static BuildResult run(BuildRequest request, TestBuildContext context) throws Exception {
    return new SshBuilder().run(request, context);
  }

  /** Starts the request on a new daemon thread, so the test can cancel it meanwhile. */
  static Future<BuildResult> start(BuildRequest request, TestBuildContext context) {
    FutureTask<BuildResult> task = new FutureTask<>(() -> new SshBuilder().run(request, context));
    Thread.ofPlatform().daemon().name("run-" + request.buildId()).start(task);
    return task;
  }
}
