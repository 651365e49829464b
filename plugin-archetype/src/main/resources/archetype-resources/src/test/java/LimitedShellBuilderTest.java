package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
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

/** Runs real builds with bash through the testkit's context, as Kiln would. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LimitedShellBuilderTest {

  @TempDir Path workDirectory;

  private final LimitedShellBuilder builder = new LimitedShellBuilder();

  @Test
  void runsTheScriptLogsItsOutputAndStoresItsArtifacts() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        builder.run(
            request("echo \"hello from $KILN_BUILD_ID\"\nmkdir dist\necho done > dist/out.txt",
                Map.of()),
            context);

    assertEquals(0, result.exitCode());
    assertEquals(List.of("hello from build-1"), context.lines());
    assertEquals("done\n", context.stored().get("dist/out.txt").text());
  }

  @Test
  void aScriptOverItsCpuLimitIsKilled() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        builder.run(request("while :; do :; done", Map.of("cpu-seconds", "1")), context);

    assertNotEquals(0, result.exitCode());
  }

  @Test
  void cancellingStopsTheScriptAndWhatItStarted() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    FutureTask<BuildResult> build =
        new FutureTask<>(() -> builder.run(request("echo started\nsleep 300", Map.of()), context));
    Thread.ofPlatform().daemon().start(build);
    Await.await(Duration.ofSeconds(60), () -> context.lines().contains("started"));

    context.cancel();

    assertNotEquals(0, build.get(60, TimeUnit.SECONDS).exitCode());
  }

  @Test
  void refusesALimitBelowOne() {
    var problems = builder.validate(new BuilderSettings(Map.of("memory-mb", "0")));

    assertEquals(1, problems.size());
    assertTrue(problems.getFirst().message().contains("at least 1"));
  }

  private static BuildRequest request(String script, Map<String, String> settings) {
    return new BuildRequest(
        "build-1",
        "test-project",
        script,
        List.of("dist/**"),
        Map.of(),
        Duration.ofMinutes(5),
        new BuilderSettings(settings));
  }
}
