package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.Await;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Builds in real containers on the test engine: output, exit codes, files in and out, cleanup. */
@ExtendWith(DockerEngineExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerBuilderTest {

  @TempDir Path workDirectory;

  @Test
  void scriptRunsInTheContainerWithItsEnvironmentAndExitCode(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    BuildRequest request =
        Builds.request(
            "echo \"greeting=$GREETING\"\necho \"id=$KILN_BUILD_ID ws=$KILN_WORKSPACE\"\npwd\n"
                + "grep -q docker /proc/1/cgroup && echo in-a-container\necho oops >&2\nexit 3",
            List.of(),
            Map.of("GREETING", "hello world"),
            Builds.settings(engine));

    BuildResult result = Builds.run(request, context);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(context.lines())
        .containsExactlyInAnyOrder(
            "greeting=hello world",
            "id=" + request.buildId() + " ws=/workspace",
            "/workspace",
            "in-a-container",
            "oops");
  }

  @Test
  void failingCommandInAPipelineFailsTheScript(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(Builds.request(engine, "echo before\nfalse | cat\necho after"), context);

    assertThat(result.exitCode()).isNotZero();
    assertThat(context.lines()).containsExactly("before");
  }

  @Test
  void thePreparedWorkspaceIsCopiedIntoTheContainerWithItsModes(DockerEngine engine)
      throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path workspace = context.workspace(); // where Kiln checks a build's commit out
    Files.createDirectories(workspace.resolve("src/deep"));
    Files.writeString(workspace.resolve("src/deep/data.txt"), "äöü data\n");
    Path tool = Files.writeString(workspace.resolve("tool.sh"), "#!/bin/bash\necho tool ran\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(workDirectory.resolve("staging.txt"), "the builder's own, not the build's");

    BuildResult result =
        Builds.run(
            Builds.request(engine, "cat src/deep/data.txt\n./tool.sh\nls /kiln\nls"), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines())
        .containsExactly("äöü data", "tool ran", "build.sh", "src", "tool.sh");
  }

  @Test
  void artifactsMatchingTheGlobsAreCopiedOutWithTheirExactSizes(DockerEngine engine)
      throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "mkdir -p dist logs/deep\nprintf 'wheel' > dist/a.whl\necho text > dist/b.txt\n"
            + "printf 'x' > logs/deep/x.whl\nprintf 'top' > x.whl\nhead -c 3000001 /dev/urandom > dist/big.bin";
    BuildRequest request =
        Builds.request(
            script,
            List.of("dist/*.whl", "**/x.whl", "dist/big.bin"),
            Map.of(),
            Builds.settings(engine));

    BuildResult result = Builds.run(request, context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.stored())
        .containsOnlyKeys("dist/a.whl", "logs/deep/x.whl", "x.whl", "dist/big.bin");
    assertThat(context.stored().get("dist/a.whl").text()).isEqualTo("wheel");
    assertThat(context.stored().get("dist/a.whl").size()).isEqualTo(5);
    assertThat(context.stored().get("x.whl").text()).isEqualTo("top");
    assertThat(context.stored().get("dist/big.bin").size()).isEqualTo(3_000_001L);
    assertThat(context.stored().get("dist/big.bin").bytes()).hasSize(3_000_001);
    assertThat(context.notices()).contains("Stored 4 artifact(s).");
  }

  @Test
  void linesArriveWhileTheScriptStillRuns(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Future<BuildResult> build =
        Builds.start(Builds.request(engine, "echo first\nsleep 600"), context);
    try {
      Await.await(Duration.ofSeconds(30), () -> context.lines().contains("first"));

      assertThat(build.isDone()).isFalse();
    } finally {
      context.cancel();
      build.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void containerIsRemovedAfterSuccessAndAfterFailure(DockerEngine engine) throws Exception {
    BuildRequest success = Builds.request(engine, "echo ok");
    BuildRequest failure = Builds.request(engine, "exit 1");

    assertThat(Builds.run(success, new TestBuildContext(workDirectory)).exitCode()).isZero();
    assertThat(Builds.run(failure, new TestBuildContext(workDirectory)).exitCode()).isOne();

    assertThat(Builds.containersOf(engine, success.buildId())).isEmpty();
    assertThat(Builds.containersOf(engine, failure.buildId())).isEmpty();
  }

  @Test
  void cancelKillsASleepingScriptPromptlyAndRemovesItsContainer(DockerEngine engine)
      throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    BuildRequest request = Builds.request(engine, "echo sleeping\nsleep 600\necho woke");
    Future<BuildResult> build = Builds.start(request, context);
    Await.await(Duration.ofSeconds(30), () -> context.lines().contains("sleeping"));
    assertThat(Builds.containersOf(engine, request.buildId()))
        .singleElement()
        .satisfies(c -> assertThat(c.getState()).isEqualTo("running"));

    long start = System.nanoTime();
    context.cancel();
    BuildResult result = build.get(30, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(result.exitCode()).isNotZero();
    assertThat(context.lines()).containsExactly("sleeping");
    assertThat(Builds.containersOf(engine, request.buildId())).isEmpty();
  }

  @Test
  void cancelBeforeTheBuildStartsRunsNothing(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    context.cancel();
    BuildRequest request = Builds.request(engine, "echo ran");

    BuildResult result = Builds.run(request, context);

    assertThat(result.exitCode()).isNotZero();
    assertThat(context.lines()).isEmpty();
    assertThat(Builds.containersOf(engine, request.buildId())).isEmpty();
  }

  @Test
  void floodOfOutputReachesTheSinkWhileTheScriptRuns(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory, false);
    // 50 MB in 500,000 lines, then the script waits: every line must be in the sink before it ends.
    Future<BuildResult> build =
        Builds.start(
            Builds.request(
                engine, "head -c 50000000 /dev/zero | tr '\\0' x | fold -w 100\necho\nsleep 600"),
            context);
    try {
      Await.await(Duration.ofSeconds(90), () -> context.lineCount() == 500_000L);

      assertThat(build.isDone()).isFalse();
      assertThat(context.lineBytes()).isEqualTo(50_000_000L);
    } finally {
      context.cancel();
      build.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void longLinesArePassedOnInBoundedPieces(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    Builds.run(
        Builds.request(engine, "head -c 40000 /dev/zero | tr '\\0' y; echo; echo next"), context);

    assertThat(context.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(LogLines.MAX_LINE));
    assertThat(String.join("", context.lines().subList(0, context.lines().size() - 1)))
        .isEqualTo("y".repeat(40000));
    assertThat(context.lines().getLast()).isEqualTo("next");
  }
}
