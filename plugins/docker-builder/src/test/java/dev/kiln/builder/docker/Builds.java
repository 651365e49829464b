package dev.kiln.builder.docker;

import com.github.dockerjava.api.model.Container;
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

/** Builds requests for the Docker builder against a test engine and runs them. */
final class Builds {

  private static final AtomicInteger IDS = new AtomicInteger();

  private Builds() {}

  /** Settings for the test engine: its address, no network, the test image, never pull. */
  static Map<String, String> settings(DockerEngine engine) {
    Map<String, String> settings = new HashMap<>();
    settings.put(DockerSettings.ENGINE, engine.address());
    settings.put(DockerSettings.NETWORK, "none");
    settings.put(DockerSettings.DEFAULT_IMAGE, DockerEngine.IMAGE);
    settings.put(DockerSettings.PULL, "never");
    return settings;
  }

  static BuildRequest request(DockerEngine engine, String script) {
    return request(script, List.of(), Map.of(), settings(engine));
  }

  static BuildRequest request(
      String script,
      List<String> patterns,
      Map<String, String> environment,
      Map<String, String> settings) {
    return new BuildRequest(
        "build-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet(),
        "test-project",
        script,
        patterns,
        environment,
        Duration.ofMinutes(5),
        new BuilderSettings(settings));
  }

  /** Runs the request to its end on the calling thread. */
  static BuildResult run(BuildRequest request, TestBuildContext context) throws Exception {
    return new DockerBuilder().run(request, context);
  }

  /** Starts the request on a new daemon thread, so the test can watch and cancel it meanwhile. */
  static Future<BuildResult> start(BuildRequest request, TestBuildContext context) {
    FutureTask<BuildResult> task =
        new FutureTask<>(() -> new DockerBuilder().run(request, context));
    Thread.ofPlatform().daemon().name("run-" + request.buildId()).start(task);
    return task;
  }

  /** The containers, in any state, that carry the build's id. */
  static List<Container> containersOf(DockerEngine engine, String buildId) {
    return engine
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(ContainerRun.BUILD_ID_LABEL, buildId))
        .exec();
  }
}
