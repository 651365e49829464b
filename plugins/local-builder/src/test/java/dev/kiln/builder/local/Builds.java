package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.NodeContext;
import dev.kiln.plugin.api.SandboxSettings;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds requests for the local builder and runs them, in the test thread or in the background. */
final class Builds {

  private static final AtomicInteger IDS = new AtomicInteger();

  private Builds() {}

  /** A request for {@code script} with no artifacts, no extra variables and a quick kill grace. */
  static BuildRequest request(String script) {
    return request(script, List.of(), Map.of());
  }

  static BuildRequest request(
      String script, List<String> patterns, Map<String, String> environment) {
    return new BuildRequest(
        "build-" + IDS.incrementAndGet(),
        "test-project",
        script,
        patterns,
        environment,
        Duration.ofMinutes(5),
        new BuilderSettings(Map.of(LocalBuilder.GRACE, "1")));
  }

  /** A builder told only that the sandbox is off, as an admin's KILN_LOCAL_SANDBOX=off does. */
  static LocalBuilder unsandboxed() {
    LocalBuilder builder = new LocalBuilder();
    builder.attach(
        new NodeContext(Set.of(), new SandboxSettings(false, null, List.of(), List.of())));
    return builder;
  }

  /** Runs the request to its end on the calling thread, in the sandbox with its defaults. */
  static BuildResult run(BuildRequest request, TestBuildContext context) throws Exception {
    return run(new LocalBuilder(), request, context);
  }

  static BuildResult run(LocalBuilder builder, BuildRequest request, TestBuildContext context)
      throws Exception {
    return builder.run(request, context);
  }

  /** Starts the request on a new daemon thread, so the test can cancel it meanwhile. */
  static Future<BuildResult> start(BuildRequest request, TestBuildContext context) {
    return start(new LocalBuilder(), request, context);
  }

  static Future<BuildResult> start(
      LocalBuilder builder, BuildRequest request, TestBuildContext context) {
    FutureTask<BuildResult> task = new FutureTask<>(() -> builder.run(request, context));
    Thread.ofPlatform().daemon().name("run-" + request.buildId()).start(task);
    return task;
  }
}
