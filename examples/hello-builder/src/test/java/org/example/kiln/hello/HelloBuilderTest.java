package org.example.kiln.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingProblem;
import dev.kiln.plugin.testkit.Await;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example builder, run through kiln-plugin-testkit's context as Kiln would run it. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HelloBuilderTest {

  @TempDir Path workDirectory;

  private final HelloBuilder builder = new HelloBuilder();

  @Test
  void greetsEachLineAndKeepsAReport() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        builder.run(request("one\ntwo", Map.of(HelloBuilder.GREETING, "hi")), context);

    assertEquals(0, result.exitCode());
    assertEquals(List.of("[hi] one", "[hi] two"), context.lines());
    assertTrue(context.stored().get("hello-report.txt").text().startsWith("lines: 2\n"));
  }

  @Test
  void stopsWhenCancelled() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = "line\n".repeat(1000);
    FutureTask<BuildResult> build =
        new FutureTask<>(
            () -> builder.run(request(script, Map.of(HelloBuilder.PAUSE, "50")), context));
    Thread.ofPlatform().daemon().start(build);
    Await.await(Duration.ofSeconds(30), () -> !context.lines().isEmpty());

    context.cancel();

    assertEquals(130, build.get(30, TimeUnit.SECONDS).exitCode());
    assertTrue(context.lines().size() < 1000);
    assertTrue(context.notices().getLast().startsWith("Stopped after "));
  }

  @Test
  void refusesAPauseOverFiveSeconds() {
    List<SettingProblem> problems =
        builder.validate(new BuilderSettings(Map.of(HelloBuilder.PAUSE, "9000")));

    assertEquals(
        List.of(new SettingProblem(HelloBuilder.PAUSE, "Give a pause from 0 to 5000 ms.")),
        problems);
  }

  private static BuildRequest request(String script, Map<String, String> settings) {
    return new BuildRequest(
        "build-1",
        "greeted",
        script,
        List.of(),
        Map.of(),
        Duration.ofMinutes(1),
        new BuilderSettings(settings));
  }
}
