package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.support.ArtifactCollector;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a script leaves in its workspace that match the patterns are stored, and only those.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArtifactCollectorTest {

  private static final String WRITE_FILES =
      """
      mkdir -p dist/sub other
      printf 'wheel a' > dist/a.whl
      head -c 100000 /dev/urandom > dist/sub/b.whl
      echo 'some notes' > notes.txt
      echo 'not an artifact' > other/skip.txt
      echo 'nor this' > readme.md
      """;

  /** Only a guard against a hang: the JDK's matcher never finished this. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(45);

  @TempDir Path workDirectory;

  @Test
  void storesExactlyTheMatchingFilesWithTheirSizesAndBytes() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result = Builds.run(request(WRITE_FILES, "dist/**", "*.txt"), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.stored()).containsOnlyKeys("dist/a.whl", "dist/sub/b.whl", "notes.txt");
    Path workspace = context.workDirectory().resolve("workspace");
    for (var entry : context.stored().entrySet()) {
      byte[] onDisk = Files.readAllBytes(workspace.resolve(entry.getKey()));
      assertThat(entry.getValue().bytes()).as(entry.getKey()).isEqualTo(onDisk);
      assertThat(entry.getValue().size()).as(entry.getKey()).isEqualTo(onDisk.length);
    }
    assertThat(context.stored().get("dist/a.whl").text()).isEqualTo("wheel a");
    assertThat(context.stored().get("dist/sub/b.whl").size()).isEqualTo(100_000);
    assertThat(context.notices()).contains("Stored 3 artifact(s).");
  }

  @Test
  void doubleStarSlashAlsoMatchesTheTopOfTheWorkspace() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    Builds.run(request(WRITE_FILES, "**/*.txt"), context);

    assertThat(context.stored()).containsOnlyKeys("notes.txt", "other/skip.txt");
  }

  @Test
  void doesNotStoreSymlinksPointingOutsideTheWorkspace() throws Exception {
    // Beside the workspace, not in it; inside the temporary folder, so JUnit can delete the links.
    Path outside = Files.createDirectory(workDirectory.resolve("outside"));
    Path secret = Files.writeString(outside.resolve("secret.txt"), "not for the build's artifacts");
    Files.writeString(outside.resolve("other.whl"), "nor this");
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        WRITE_FILES
            + "ln -s '"
            + secret
            + "' dist/leak.whl\n"
            + "ln -s '"
            + secret
            + "' leak.txt\n"
            + "ln -s '"
            + outside
            + "' dist/outside\n";

    BuildResult result = Builds.run(request(script, "dist/**", "*.txt"), context);

    assertThat(result.exitCode()).isZero();
    assertThat(
            Files.isSymbolicLink(
                context.workDirectory().resolve("workspace").resolve("dist/leak.whl")))
        .isTrue();
    assertThat(context.stored()).containsOnlyKeys("dist/a.whl", "dist/sub/b.whl", "notes.txt");
    assertThat(context.stored().values())
        .noneMatch(stored -> stored.text().contains("not for the build"));
  }

  @Test
  void storesNothingWithoutPatterns() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result = Builds.run(request(WRITE_FILES), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.stored()).isEmpty();
  }

  @Test
  void saysSoWhenNoFileMatches() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    Builds.run(request(WRITE_FILES, "*.jar"), context);

    assertThat(context.stored()).isEmpty();
    assertThat(context.notices()).contains("No file matched the artifact patterns.");
  }

  @Test
  void storesArtifactsOfAFailedBuild() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result = Builds.run(request("echo partial > report.txt\nexit 2", "*.txt"), context);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(context.stored()).containsOnlyKeys("report.txt");
    assertThat(context.stored().get("report.txt").bytes())
        .isEqualTo("partial\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theIssuesBacktrackingPatternOnALongNameFinishes() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = "touch " + "a".repeat(120) + " " + "a".repeat(119) + "b\n";

    BuildResult result =
        assertTimeoutPreemptively(
            HANG_GUARD, () -> Builds.run(request(script, "**a**a**a**a**a**a**b"), context));

    assertThat(result.exitCode()).isZero();
    assertThat(context.stored()).containsOnlyKeys("a".repeat(119) + "b");
  }

  @Test
  void collectionStopsAtTheFirstFileAfterTheBuildIsStopped() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    context.afterEachArtifact(context::cancel);

    BuildResult result =
        Builds.run(request("for i in $(seq 50); do echo $i > $i.txt; done", "*.txt"), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.stored()).hasSize(1);
    assertThat(context.notices())
        .contains(
            "Stopped looking for artifacts: the build was stopped. Stored 1 artifact(s)"
                + " until then.");
  }

  @Test
  void collectionLooksAtABoundedNumberOfFilesAndSaysSo() throws Exception {
    Path workspace = Files.createDirectories(workDirectory.resolve("many"));
    for (int i = 0; i < 150; i++) {
      Files.writeString(workspace.resolve(i + ".txt"), "x");
    }
    TestBuildContext context = new TestBuildContext(workDirectory);

    new ArtifactCollector(workspace, ArtifactMatcher.of(List.of("*.txt")), 100).collect(context);

    assertThat(context.stored()).hasSizeLessThan(100);
    assertThat(context.notices())
        .containsExactly(
            "Stopped looking for artifacts after 100 files and folders; the rest"
                + " of the workspace was not searched.",
            "Stored " + context.stored().size() + " artifact(s).");
  }

  @Test
  void patternsOverTheLimitsAreRefusedBeforeTheScriptRuns() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path ran = workDirectory.resolve("ran");
    String overLimit = "*a".repeat(ArtifactMatcher.MAX_WILDCARDS + 1);

    assertThatThrownBy(() -> Builds.run(request("touch '" + ran + "'", overLimit), context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("17 wildcards")
        .hasMessageContaining("at most 16");
    assertThat(ran).doesNotExist();
  }

  private static BuildRequest request(String script, String... patterns) {
    return Builds.request(script, List.of(patterns), Map.of());
  }
}
